"""Request context for log records: every record carries the request id and the user id."""

import contextvars
import logging

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
user_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("user_id", default="-")


class RequestContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        # django.request passes the request itself: its id survives even outside the request's context.
        request = getattr(record, "request", None)
        record.request_id = (
            getattr(record, "request_id", None) or getattr(request, "request_id", None) or request_id_var.get()
        )
        record.user_id = getattr(record, "user_id", None) or user_id_var.get()
        return True


# Keys whose values are personal data of hotline submitters (or people in general). A view or job
# should never log them; this filter blanks them anyway, as defence in depth (Decree 13/2023).
PII_KEYS = frozenset(
    {
        "full_name",
        "phone",
        "phone_number",
        "email",
        "address",
        "submitter_name",
        "submitter_phone",
        "submitter_email",
        "submitter_address",
        "reporter_name",
        "reporter_phone",
        "reporter_email",
        "reporter_address",
        "contact_name",
        "contact_phone",
        "contact_email",
        "contact_address",
        "id_number",
        "citizen_id",
        "password",
        "new_password1",
        "new_password2",
        "old_password",
        "otp_token",
    }
)
REDACTED = "[đã ẩn]"


def _redact(value):
    if isinstance(value, dict):
        return {k: (REDACTED if str(k).lower() in PII_KEYS else _redact(v)) for k, v in value.items()}
    return value


class RedactPersonalDataFilter(logging.Filter):
    """Blank known personal-data keys in a record's extras and in mapping-style arguments."""

    def filter(self, record: logging.LogRecord) -> bool:
        for key in list(vars(record)):
            if key.lower() in PII_KEYS:
                setattr(record, key, REDACTED)
        if isinstance(record.args, dict):
            record.args = _redact(record.args)
        return True
