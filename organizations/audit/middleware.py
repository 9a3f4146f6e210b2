"""django-auditlog's request middleware, with the client's address taken the way sign-in limits take it.

auditlog records the first address of X-Forwarded-For, which the client writes itself; behind
PLANTRACK_PROXY_COUNT proxies only the address the nearest trusted proxy saw can be believed, and with no
proxy only the connection's own. django-axes already resolves it that way (config/settings.py maps
PLANTRACK_PROXY_COUNT onto its ipware settings), so the trail and the lockouts name the same computer.
"""

from auditlog.middleware import AuditlogMiddleware
from axes.helpers import get_client_ip_address


class AuditMiddleware(AuditlogMiddleware):
    @staticmethod
    def _get_remote_addr(request):
        return get_client_ip_address(request)

    @staticmethod
    def _get_remote_port(request):
        # X-Forwarded-Port is as forgeable as the address; the port adds nothing to the trail.
        return None
