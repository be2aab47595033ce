"""The query-count helper: an exact pin, and the SQL listed when the count is not it."""

import pytest

from tests.querycount import assert_queries


def test_a_count_that_moves_fails_and_lists_every_statement():
    with pytest.raises(pytest.fail.Exception) as failure:
        assert_queries(['SELECT "a" FROM "t"', 'SELECT "b" FROM "t" WHERE "id" = 1'], 1, "plan page at 10×")
    message = str(failure.value)
    assert message.startswith("plan page at 10×: 2 queries, pinned at 1:")
    assert '  1. SELECT "a" FROM "t"' in message and '  2. SELECT "b" FROM "t" WHERE "id" = 1' in message


def test_fewer_queries_than_pinned_fail_too():
    with pytest.raises(pytest.fail.Exception, match="1 queries, pinned at 2"):
        assert_queries(["SELECT 1"], 2, "page")


def test_the_pinned_count_passes():
    assert_queries(["SELECT 1", "SELECT 2"], 2, "page")
