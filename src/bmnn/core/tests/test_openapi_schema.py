"""The OpenAPI schema stays true to the code: it is generated from the views and must
validate without a single warning (a warning means a view whose schema is guessed)."""

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_the_openapi_schema_validates_without_warnings(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    schema = out.read_text(encoding="utf-8")
    assert "/api/records/carry-outs/" in schema and "/api/records/extensions/" in schema
