"""Which staff account a verified identity is. Only one that exists already, has a desk role and is active:
single sign-on never creates an account nor gives a role (an admin does, at /desk/staff/ or with
`storydesk createstaff`), so the provider decides who someone is, and storydesk what they may do."""
from __future__ import annotations

from django.contrib.auth import get_user_model

from storydesk.actions.base import Actor
from storydesk.sso.refusal import SignInRefused


def staff_for(claims: dict, *, username_claim: str, label: str):
    """The one staff user the claims name: by the claim STORYDESK_OIDC_USERNAME_CLAIM against the username
    when it is set, else by an e-mail address the provider says it has verified."""
    users = get_user_model().objects
    if username_claim:
        name = claims.get(username_claim)
        if not isinstance(name, str) or not name.strip():
            raise SignInRefused("no_claim", f"{label} did not say which account you are ({username_claim}). "
                                            "Ask an admin.", claim=username_claim)
        found, who = users.filter(username=name.strip()), {"name": name[:150]}
    else:
        email = claims.get("email")
        if not isinstance(email, str) or "@" not in email:
            raise SignInRefused("no_email", f"{label} did not give your e-mail address, so no staff account "
                                            "can be matched. Ask an admin.")
        who = {"email": email[:254]}
        # Some providers send the flag as the string "true"; anything else is not a verified address.
        if claims.get("email_verified") not in (True, "true"):
            raise SignInRefused("email_unverified", f"Your e-mail address at {label} is not verified. Verify "
                                                    "it there first, then sign in again.", **who)
        found = users.filter(email__iexact=email.strip())
    matched = list(found[:2])
    if not username_claim:
        # PostgreSQL's UPPER() folds more than ASCII (adı@ and adi@ both become ADI@): only the same address
        # lower-cased is the same address.
        matched = [user for user in matched if user.email.strip().lower() == email.strip().lower()]
    if len(matched) != 1:
        # Two accounts with one address would let the provider pick either: refuse rather than guess.
        raise SignInRefused("no_account" if not matched else "several_accounts",
                            f"No staff account here matches your {label} account. Ask an admin to put your "
                            "e-mail address on your staff account.", **who)
    user = matched[0]
    if not user.is_active:
        raise SignInRefused("inactive", "This staff account is switched off. Ask an admin.", **who)
    if Actor.staff(user).role is None:
        raise SignInRefused("not_staff", "This account has no role on the desk. Ask an admin.", **who)
    return user
