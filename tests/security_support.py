"""For tests that act as a superuser: Plantrack lets a superuser in only after two-step verification."""

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from organizations.accounts import two_factor


def pass_two_step(client, user) -> TOTPDevice:
    """Give `user` a confirmed TOTP device and mark `client`'s session (already logged in as `user`) as having
    typed its code, as organizations.accounts.views.two_factor_verify would."""
    device = TOTPDevice.objects.create(user=user, name="Plantrack", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[two_factor.SESSION_KEY] = two_factor.DONE
    session.save()
    return device
