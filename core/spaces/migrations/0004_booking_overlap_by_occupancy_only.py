"""Two bookings of one space are refused by `space_occupancy_no_overlap` alone: every confirmed booking
has its `SpaceOccupancy` row (triggers of 0003), so the booking-only exclusion constraint was a second
copy of the rule (tests/spaces/test_booking_rules.py checks the database still refuses the overlap)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('spaces', '0003_space_occupancy'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='booking',
            name='booking_no_overlap',
        ),
    ]
