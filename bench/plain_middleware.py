"""The baseline of the routing benchmark: a single-residence site, no tenant routing at all.

The residence is a constant of the process (as in a plain Django project), the connection stays
on its schema, and there is no host lookup, no schema switch and no membership check.
"""

PINNED = {"residence": None}


class PinnedResidenceMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.tenant = PINNED["residence"]
        return self.get_response(request)
