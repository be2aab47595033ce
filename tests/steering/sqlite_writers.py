"""Run by tests/steering/test_sqlite_demo.py in a process of its own: the laptop demo's settings (SQLite under
VAR_DIR, no Redis), four citizens posting the public form at the same moment. Prints the answers' status codes
and the reports filed, as JSON."""

import json
import os
import re
import threading
from collections import Counter

WRITERS, POSTS = 4, 5


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections
    from django.test import Client

    from hotline.models import Category, Report
    from hotline.reference import ensure_categories

    call_command("migrate", verbosity=0)
    ensure_categories()
    category = Category.objects.order_by("pk").values_list("pk", flat=True).first()
    answers: list[int] = []

    def citizen(n: int) -> None:
        client = Client(raise_request_exception=False)
        for i in range(POSTS):
            form = client.get("/hotline/").content.decode()
            token = re.search(r'name="form_token" value="([^"]*)"', form).group(1)
            data = {
                "form_token": token,
                "submitter_type": "individual",
                "contact_name": "Nguyễn Văn An",
                "contact_phone": "0912345678",
                "contact_email": f"dan{n}.{i}@example.org",
                "category": category,
                "title": f"Phản ánh {n}-{i}",
                "content": "Hồ sơ nộp tại bộ phận một cửa chưa có kết quả.",
                "consent": "on",
            }
            answers.append(client.post("/hotline/", data).status_code)
        connections.close_all()

    threads = [threading.Thread(target=citizen, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(
        json.dumps(
            {
                "answers": dict(Counter(answers)),
                "filed": Report.objects.count(),
                "engine": os.environ.get("DATABASE_URL", "sqlite"),
            }
        )
    )


if __name__ == "__main__":
    main()
