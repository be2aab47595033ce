from tests.access import Row, everyone

ROWS = [
    Row("hotline:submit", None, everyone(200)),
]
