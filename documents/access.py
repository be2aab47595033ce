"""Who may see and keep the register: the secretariat keeps it (enters documents, edits the letterhead);
members of the committee and leadership read it and download its files."""

from core.roles import Role, has_role

KEEPERS = (Role.SECRETARIAT,)
READERS = (Role.SECRETARIAT, Role.MEMBER, Role.LEADERSHIP)


def can_keep(user) -> bool:
    return has_role(user, *KEEPERS)
