"""The demo campaign: earlier results + the campaign's participants = the coverage figure."""

from __future__ import annotations

from collections import Counter
from datetime import date

from talenta.people.models import Employee
from talenta.profiling import demo, selectors
from talenta.profiling.models import Assessment, Campaign, Participant, Wave


def test_demo_campaign_adds_its_participants_to_coverage(province):
    before = selectors.coverage(Employee.objects.all(), today=date(2026, 1, 1)).profiled
    # size 320 → round(936 × 320 / 12000) = 25 participants.
    counts = demo.seed(
        instansi=province["instansi"], seed=1, size=320, as_of=date(2026, 1, 26), progress=None
    )
    assert counts["profiling.Participant"] == 25 and counts["profiling.Assessment (kampanye)"] == 25
    campaign = Campaign.objects.get(name=demo.NAME)
    assert (campaign.start_date, campaign.end_date) == (date(2025, 11, 17), date(2025, 11, 21))
    waves = list(Wave.objects.filter(campaign=campaign))
    assert len(waves) == 10 and Counter(w.date for w in waves) == {
        date(2025, 11, d): 2 for d in range(17, 22)
    }
    assert {(w.start.hour, w.end.hour) for w in waves} == {(8, 12), (13, 17)}
    assert all(
        date(2025, 11, 17) <= a.assessed_on <= date(2025, 11, 21)
        for a in Assessment.objects.filter(campaign=campaign)
    )
    assert not Participant.objects.filter(campaign=campaign, assessment__isnull=True).exists()
    after = selectors.coverage(Employee.objects.all(), today=date(2026, 1, 1)).profiled
    assert after == before + 25
    again = demo.seed(instansi=province["instansi"], seed=1, size=320, as_of=date(2026, 1, 26))
    assert again["profiling.Campaign"] == 0
    demo.reset(instansi=province["instansi"])
    assert not Campaign.objects.exists() and not Participant.objects.exists()


def test_demo_scale():
    assert demo.participants_for(12000) == 936
    assert demo.participants_for(1200) == 94
