"""Read the forms of an HTML page, and fill the public hotline form with given contact details.

Used by the production smoke test (through real HTTP) and by the log canary test (test client), so
both discover the hotline's fields from the page itself instead of hard-coding them.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Form:
    action: str
    method: str
    enctype: str
    inputs: list[dict] = field(default_factory=list)  # each: tag, type, name, value, checked, options
    textareas: list[str] = field(default_factory=list)

    def names(self) -> set[str]:
        return {i["name"] for i in self.inputs if i.get("name")}


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: dict | None = None
        self._option: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self._form = Form(a.get("action", ""), a.get("method", "get").lower(), a.get("enctype", ""))
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input":
            self._form.inputs.append(
                {
                    "tag": "input",
                    "type": a.get("type", "text").lower(),
                    "name": a.get("name", ""),
                    "value": a.get("value", ""),
                    "checked": "checked" in a,
                    "placeholder": a.get("placeholder", ""),
                }
            )
        elif tag == "textarea":
            self._form.inputs.append({"tag": "textarea", "type": "textarea", "name": a.get("name", ""), "value": ""})
        elif tag == "select":
            self._select = {"tag": "select", "type": "select", "name": a.get("name", ""), "options": [], "value": ""}
            self._form.inputs.append(self._select)
        elif tag == "option" and self._select is not None:
            self._option = {"value": a.get("value"), "text": "", "selected": "selected" in a}
            self._select["options"].append(self._option)

    def handle_data(self, data):
        if self._option is not None and self._option["value"] is None:
            self._option["text"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "option":
            if self._option is not None and self._option["value"] is None:
                self._option["value"] = self._option["text"].strip()
            self._option = None


def parse_forms(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    return parser.forms


def hotline_form(html: str) -> Form | None:
    """The page's form that asks for contact details and content (not the language switcher)."""
    for form in parse_forms(html):
        names = form.names()
        if (
            form.method == "post"
            and any("phone" in n for n in names)
            and any("content" in n or "title" in n for n in names)
        ):
            return form
    return None


def fill_hotline_form(form: Form, *, name: str, phone: str, email: str, address: str) -> dict[str, str]:
    """Values for every field a person would fill: contact details given, a title, content, consent."""
    data: dict[str, str] = {}
    radios: dict[str, list[str]] = {}
    for item in form.inputs:
        n, kind = item.get("name"), item.get("type")
        if not n:
            continue
        low = n.lower()
        if kind in ("hidden",):
            data[n] = item["value"]
        elif kind == "radio":
            radios.setdefault(n, []).append(item["value"])
        elif kind == "checkbox":
            if "consent" in low or "agree" in low or "dong_y" in low:
                data[n] = item["value"] or "on"
        elif kind == "select":
            values = [o["value"] for o in item["options"] if o["value"]]
            if values:
                data[n] = values[0]
        elif kind in ("file", "submit", "button", "reset"):
            continue
        elif "website" in low or "honeypot" in low:
            data[n] = ""
        elif "name" in low:
            data[n] = name
        elif "phone" in low or low == "tel":
            data[n] = phone
        elif "email" in low:
            data[n] = email
        elif "address" in low:
            data[n] = address
        elif "title" in low or "subject" in low:
            data[n] = "Hồ sơ đất đai bị trả lại nhiều lần"
        elif "content" in low or "message" in low or "body" in low or kind == "textarea":
            data[n] = "Hồ sơ của tôi tại bộ phận một cửa bị trả lại ba lần mà không nêu lý do bằng văn bản."
    for n, values in radios.items():
        data[n] = "individual" if "individual" in values else values[0]
    return data
