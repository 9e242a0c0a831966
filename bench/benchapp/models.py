from django.db import models


class BenchNote(models.Model):
    text = models.CharField(max_length=100)
    added = models.CharField(max_length=20, default="", blank=True)
