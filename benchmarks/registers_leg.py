"""One database leg of the registers benchmark (run by benchmark_registers.py in a
fresh process whose environment names the database and a temporary data dir).

Builds a small organisation (a provincial police with 12 divisions), a register
keeper (the province's state-secret officer, cleared to Tuyệt mật for the whole
province, so the access filter admits everything and has to be evaluated in full),
generates N synthetic items with `bmnn records generate`, then times pages through
Django's test client, logged in as that keeper. Prints one JSON object."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bmnn.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def organisation():
    from bmnn.core.levels import Level
    from bmnn.org.models import (
        AccessAssignment, Commitment, Person, Position, Role, Tenure, Unit, UnitKind,
    )

    since = dt.date(2020, 1, 1)
    police = Unit.objects.create(kind=UnitKind.PROVINCIAL_POLICE, name="Công an tỉnh Thử Tải", code="CAT",
                                 valid_from=since)
    divisions = [Unit.objects.create(kind=UnitKind.DIVISION, name=f"Phòng Nghiệp vụ {n:02d}", code=f"PA{n:02d}",
                                     parent=police, valid_from=since) for n in range(1, 13)]
    keeper = Person.objects.create(username="bench.keeper", full_name="Người Giữ Sổ")
    position = Position.objects.create(unit=police, title="Cán bộ bảo mật", role=Role.SECURITY_OFFICER,
                                       valid_from=since)
    Tenure.objects.create(person=keeper, position=position, valid_from=since)
    assignment = AccessAssignment.objects.create(person=keeper, max_level=Level.TUYET_MAT, valid_from=since,
                                                 decided_by=keeper, decision_reference="1/QĐ-BENCH",
                                                 decided_on=since)
    assignment.units.set([police])
    Commitment.objects.create(assignment=assignment, signed_on=since, recorded_by=keeper)
    return police, divisions, keeper


def existing_organisation():
    from bmnn.org.models import Person, Unit

    police = Unit.objects.get(code="CAT", name="Công an tỉnh Thử Tải")
    divisions = list(Unit.objects.filter(parent=police).order_by("code"))
    return police, divisions, Person.objects.get(username="bench.keeper")


def division_officer(division):
    """An officer of one division cleared to Tối mật for it: the access filter must pick
    that division's items (and those received there) out of the whole province's."""
    from bmnn.core.levels import Level
    from bmnn.org.models import AccessAssignment, Commitment, Person, Position, Role, Tenure

    existing = Person.objects.filter(username="bench.officer").first()
    if existing:  # a second timing run on the same database (--existing)
        return existing
    since = dt.date(2020, 1, 1)
    officer = Person.objects.create(username="bench.officer", full_name="Cán Bộ Phòng")
    position = Position.objects.create(unit=division, title="Cán bộ", role=Role.STAFF, valid_from=since)
    Tenure.objects.create(person=officer, position=position, valid_from=since)
    assignment = AccessAssignment.objects.create(person=officer, max_level=Level.TOI_MAT, valid_from=since,
                                                 decided_by=officer, decision_reference="2/QĐ-BENCH",
                                                 decided_on=since)
    assignment.units.set([division])
    Commitment.objects.create(assignment=assignment, signed_on=since, recorded_by=officer)
    return officer


def percentiles(samples_ms: list[float]) -> dict:
    ordered = sorted(samples_ms)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * len(ordered))) - 1)]
    return {"p50_ms": statistics.median(ordered), "p95_ms": p95, "max_ms": ordered[-1], "n": len(ordered)}


def time_requests(client, url: str, params: dict, requests: int) -> dict:
    for _ in range(3):  # warm caches (templates, the unit tree, the database's pages)
        response = client.get(url, params)
        assert response.status_code == 200, (url, response.status_code)
    samples = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url, params)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    result = percentiles(samples)
    result["rows_found"] = (response.context or {}).get("count") if response.context else None
    return result


def time_callable(fn, requests: int) -> dict:
    for _ in range(3):
        fn()
    samples = []
    for _ in range(requests):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return percentiles(samples)


def register_page():
    """The register page of the registers engineer, if it has landed: (url, params) or None."""
    from django.urls import NoReverseMatch, reverse

    for name in ("records:register_entries",):  # one unit's register for a year, across volumes
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return None


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, required=True)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--existing", action="store_true",
                        help="time the pages on a database this script already filled (no generation)")
    args = parser.parse_args()
    setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from bmnn.accounts.testing import login_with_second_factor
    from bmnn.records.models import SecretItem
    from bmnn.records.services.search import ItemFilters, search_items

    if args.existing:
        police, divisions, keeper = existing_organisation()
        generate_seconds = 0.0
    else:
        police, divisions, keeper = organisation()
        started = time.perf_counter()
        call_command("records", "generate", "--items", str(args.items), "--seed", "1", "--actor",
                     keeper.username, "--i-know-this-is-synthetic", "--batch", "10000", stdout=sys.stderr)
        generate_seconds = time.perf_counter() - started
    with connection.cursor() as cursor:  # fresh statistics, as a maintained database would have
        cursor.execute("ANALYZE")

    setup_test_environment()
    client = login_with_second_factor(Client(), keeper)
    year = dt.date.today().year
    unit = divisions[2]
    item_filter = {"level": "TOI_MAT", "unit": str(unit.pk), "issued_from": f"01/03/{year}",
                   "issued_to": f"31/03/{year}"}
    text_filter = {"q": f"{unit.code}-tt", "level": "MAT", "page": "3"}
    results = {"items": SecretItem.objects.count(), "generate_seconds": generate_seconds,
               "version": connection.vendor + " " + connection.cursor().connection.__class__.__module__,
               "pages": {}}
    with connection.cursor() as cursor:
        cursor.execute("select sqlite_version()" if connection.vendor == "sqlite" else "select version()")
        results["version"] = f"{connection.vendor} {cursor.fetchone()[0]}"

    item_list = reverse("records:item_list")
    results["pages"]["item_list_filtered"] = {"url": item_list, "params": item_filter,
                                              **time_requests(client, item_list, item_filter, args.requests)}
    results["pages"]["item_list_text_search"] = {"url": item_list, "params": text_filter,
                                                 **time_requests(client, item_list, text_filter, args.requests)}
    # Without a target: the list as it first opens (no filter: every visible item counted),
    # and the level-and-date filter for a division officer rather than the province's keeper.
    results["pages"]["item_list_unfiltered"] = {"url": item_list, "params": {},
                                                **time_requests(client, item_list, {}, max(10, args.requests // 5))}
    officer_client = login_with_second_factor(Client(), division_officer(unit))
    officer_filter = {k: v for k, v in item_filter.items() if k != "unit"}
    results["pages"]["item_list_filtered_division_officer"] = {
        "url": item_list, "params": officer_filter,
        **time_requests(officer_client, item_list, officer_filter, args.requests)}
    registers = register_page()
    if registers:
        params = {"unit": str(unit.pk), "kind": "outgoing", "year": str(year), "level": "TOI_MAT",
                  "date_from": f"01/03/{year}", "date_to": f"31/03/{year}"}
        results["pages"]["register_filtered"] = {"url": registers, "params": params,
                                                 **time_requests(client, registers, params, args.requests)}
    else:
        results["pages"]["register_filtered"] = {"skipped": "register page not in records.urls yet"}
    results["pages"]["queues"] = {"url": reverse("records:queues"),
                                  **time_requests(client, reverse("records:queues"), {}, max(10, args.requests // 5))}
    # Baselines in the same run: a trivial page (session, middleware, template, no secrets),
    # and the same filtered query (count + first page) without the access filter.
    results["pages"]["baseline_trivial_page"] = {"url": reverse("accounts:security"),
                                                 **time_requests(client, reverse("accounts:security"), {},
                                                                 args.requests)}
    filters = ItemFilters.from_params(item_filter)

    def unfiltered():
        qs = SecretItem.objects.filter(level=filters.level, holding_unit_id=unit.pk,
                                       issued_on__gte=filters.issued_from, issued_on__lte=filters.issued_to)
        qs.count()
        list(qs.select_related("holding_unit")[:50])

    def filtered_orm():
        qs = search_items(keeper, filters)
        qs.count()
        list(qs[:50])

    results["pages"]["baseline_query_without_access_filter"] = time_callable(unfiltered, args.requests)
    results["pages"]["same_query_with_access_filter_orm"] = time_callable(filtered_orm, args.requests)
    print(json.dumps(results, ensure_ascii=False, default=str))


if __name__ == "__main__":
    main()
