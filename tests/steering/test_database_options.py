"""Every PostgreSQL connection runs without JIT compilation (steering/settings.py): compiling the pages'
province-wide aggregates took longer than running them."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting; CI runs on PostgreSQL")
def test_postgresql_connections_run_without_jit():
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
