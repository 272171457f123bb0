"""A portal invitation's link is issued when its e-mail is delivered: until then the
invitation has no token hash. Messages already in the outbox stop holding the link in
clear: their context gets the reference the outbox issues a link from, which a resend from
the admin uses (the link that went out before keeps working until it is used or expires)."""

from django.db import migrations, models

TEMPLATE = "portal_invitation"
SECRET = "invitation_url"


def links_out_of_the_outbox(apps, schema_editor):
    OutboxMessage = apps.get_model("aiga", "OutboxMessage")
    for message in OutboxMessage.objects.filter(template_key=TEMPLATE).only("context", "object_id"):
        if SECRET not in message.context:
            continue
        context = {key: value for key, value in message.context.items() if key != SECRET}
        if message.object_id.isdigit():
            context["link"] = {"kind": TEMPLATE, "id": int(message.object_id)}
        OutboxMessage.objects.filter(pk=message.pk).update(context=context)


class Migration(migrations.Migration):
    dependencies = [
        ("aiga", "0005_outbox_sending_state"),
        ("members", "0007_contact_is_active_protect"),
    ]

    operations = [
        migrations.AlterField(
            model_name="portalinvitation",
            name="token_hash",
            field=models.CharField(editable=False, max_length=64, null=True, unique=True),
        ),
        migrations.RunPython(links_out_of_the_outbox, migrations.RunPython.noop),
    ]
