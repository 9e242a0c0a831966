from django.db import migrations, models


class Migration(migrations.Migration):
    """The migration timed across every residence: one added field with a default."""

    dependencies = [("benchapp", "0001_initial")]
    operations = [
        migrations.AddField(model_name="benchnote", name="added", field=models.CharField(blank=True, default="", max_length=20)),
    ]
