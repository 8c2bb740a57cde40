from django.db import migrations

DEFAULTS = [
    ("results", "Résultats des deux dernières années d'études", "Results of the last two years of study", 3, 20),
    ("path", "Parcours depuis le baccalauréat", "Path since the baccalauréat", 2, 20),
    ("opinion", "Avis de poursuite d'études", "“Avis de poursuite d'études” (origin establishment)", 2, 20),
    ("appraisals", "Appréciations (responsable de formation, tuteur)", "Appraisals (program head, supervisor)", 1, 20),
]


def forwards(apps, schema_editor):
    Campaign = apps.get_model("admissions", "Campaign")
    ScoringCriterion = apps.get_model("jury", "ScoringCriterion")
    for campaign in Campaign.objects.all():
        if not ScoringCriterion.objects.filter(campaign=campaign).exists():
            for i, (code, fr, en, weight, top) in enumerate(DEFAULTS):
                ScoringCriterion.objects.create(
                    campaign=campaign, code=code, label_fr=fr, label_en=en, weight=weight, max_points=top, position=i
                )


class Migration(migrations.Migration):
    dependencies = [("jury", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
