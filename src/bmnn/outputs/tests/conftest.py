from bmnn.outputs.tests.export_fixtures import clerk, elsewhere, staff, treasury  # noqa: F401
