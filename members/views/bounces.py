"""The mail provider's bounce report (a webhook): POST JSON with the shared token.

    POST /hooks/email-bounce/
    Authorization: Bearer <EMAIL_BOUNCE_TOKEN>
    {"email": "taro@example.jp", "permanent": true, "reason": "550 5.1.1 user unknown"}

A provider's own format (SES, SendGrid, Postmark…) is mapped to these three fields by a
small relay or the provider's template; docs/operations.md shows how. Without
EMAIL_BOUNCE_TOKEN the address does not exist (404)."""

import hmac
import json

from django.conf import settings
from django.http import Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from members.services.bounces import bounce_record


@csrf_exempt
@require_POST
def email_bounce(request):
    token = settings.EMAIL_BOUNCE_TOKEN
    if not token:
        raise Http404
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(given.encode(), token.encode()):
        return JsonResponse({"error": "invalid token"}, status=403)
    try:
        payload = json.loads(request.body.decode("utf-8"))
        email = payload["email"]
        permanent = payload.get("permanent", True)
        reason = payload.get("reason", "")
        if not isinstance(email, str) or not isinstance(permanent, bool):
            raise TypeError
        if not isinstance(reason, str):
            raise TypeError
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, AttributeError):
        return JsonResponse(
            {"error": 'expected JSON {"email": str, "permanent": bool, "reason": str}'},
            status=400,
        )
    recorded = bounce_record(email=email, permanent=permanent, reason=reason)
    return JsonResponse({"recorded": recorded})
