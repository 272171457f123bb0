"""Draft and correction links are issued when their e-mail is delivered (aiga.outbox
register_link): messages already in the outbox stop holding the link in clear. Their
context gets the reference the outbox issues a link from, which a resend from the admin
uses; a link that went out before keeps working until it is used or expires."""

from django.db import migrations

SECRETS = {
    "application_draft_link": "resume_url",
    "application_correction_request": "correction_url",
}
KIND = "application_draft"


def links_out_of_the_outbox(apps, schema_editor):
    OutboxMessage = apps.get_model("aiga", "OutboxMessage")
    for template_key, secret in SECRETS.items():
        messages = OutboxMessage.objects.filter(template_key=template_key)
        for message in messages.only("context", "object_id"):
            if secret not in (message.context or {}):
                continue
            context = {key: value for key, value in message.context.items() if key != secret}
            if str(message.object_id).isdigit():
                context["link"] = {"kind": KIND, "id": int(message.object_id)}
            OutboxMessage.objects.filter(pk=message.pk).update(context=context)


class Migration(migrations.Migration):
    dependencies = [
        ("aiga", "0005_outbox_sending_state"),
        ("admissions", "0010_agreement_full_text"),
    ]

    operations = [migrations.RunPython(links_out_of_the_outbox, migrations.RunPython.noop)]
