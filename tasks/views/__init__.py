"""Views of the work plan, one module per area; each view is thin (parse, check, call, render)."""
