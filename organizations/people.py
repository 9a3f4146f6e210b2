"""People's names as Plantrack shows them: in Vietnamese order, family name first ("Phạm Văn Dũng"), the
one helper every page, e-mail and report uses (docs/architecture.md §2).

Accounts keep Django's two fields as the admin labels them in Vietnamese: `last_name` is "Họ" (the family
and middle names, "Phạm Văn"), `first_name` is "Tên" (the given name, "Dũng"). The name reads `last_name
first_name`, never Django's `get_full_name()` (Western order); an account without a name shows its username."""


def person_name_of(*, first_name: str = "", last_name: str = "", username: str = "") -> str:
    """The display name from the account's fields (for rows read with `values_list`)."""
    name = " ".join(part.strip() for part in (last_name or "", first_name or "") if part and part.strip())
    return name or username or ""


def person_name(user) -> str:
    """The display name of `user` (a User, or None for nobody: "")."""
    if user is None:
        return ""
    return person_name_of(
        first_name=getattr(user, "first_name", ""),
        last_name=getattr(user, "last_name", ""),
        username=user.get_username(),
    )
