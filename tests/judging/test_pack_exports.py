"""The award-night pack as a background task: the button queues it and returns at once, the results page shows
its progress and then the download, a second click starts nothing, a failure shows its reason and keeps the
previous pack."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from judging.models import PackExport
from judging.pack import PACK
from judging.services import export
from judging.services.pack_exports import pack_path
from tests.generated_edition import generated_revealed, unzip

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


@pytest.fixture
def revealed(client):
    generated = generated_revealed(categories=1, entries_per_category=2, judges=3)
    client.force_login(generated.organiser)
    return generated


def urls(slug: str) -> tuple[str, str, str]:
    return (reverse("judging:results", args=[slug]), reverse("judging:export_pack", args=[slug]),
            reverse("judging:download_pack", args=[slug]))


def test_the_button_queues_one_build_returns_at_once_and_the_worker_makes_the_download(client, revealed, task_worker):
    results, make, download = urls(revealed.edition.slug)

    assert client.post(make).status_code == 302
    page = client.get(results).content.decode()
    assert "Waiting for the background worker…" in page
    assert '<meta http-equiv="refresh" content="2">' in page  # the page follows the build by itself
    assert "Making the award-night pack…</button>" in page and "disabled" in page
    assert client.get(download).status_code == 404

    response = client.post(make, follow=True)  # a second click while it waits
    assert "already being made" in response.content.decode()
    assert PackExport.objects.count() == 1 and DBTaskResult.objects.count() == 1

    assert task_worker() == 1
    export_row = PackExport.objects.get()
    assert export_row.status == PackExport.Status.DONE
    page = client.get(results).content.decode()
    assert "Download the award-night pack" in page and export_row.sha256 in page
    assert "refresh" not in page
    files = unzip(b"".join(client.get(download).streaming_content))
    assert PACK.results_json in files and PACK.certificates in files


def test_a_running_build_shows_each_stage_n_of_n(client, revealed):
    PackExport.objects.create(
        edition=revealed.edition, status=PackExport.Status.RUNNING, stage="feedback",
        progress={"done": {"certificates": 2, "running_order": 1, "feedback": 1, "zip": 0},
                  "totals": {"certificates": 2, "running_order": 1, "feedback": 2, "zip": 1}},
    )
    page = client.get(urls(revealed.edition.slug)[0]).content.decode()
    for label, done, total in (("Certificates", 2, 2), ("Running order", 1, 1), ("Feedback reports", 1, 2),
                               ("ZIP file", 0, 1)):
        assert f'<span class="pack-stage-label">{label}</span>' in page
        assert f'<progress value="{done}" max="{total}"></progress>' in page
        assert f"{done} of {total}" in page


def test_a_failed_build_shows_its_reason_and_keeps_the_previous_pack(client, revealed, monkeypatch):
    results, make, download = urls(revealed.edition.slug)
    client.post(make)  # the tests run tasks at once
    good = pack_path(edition=revealed.edition).read_bytes()

    def broken(**kwargs):
        raise RuntimeError("layout failed")

    monkeypatch.setattr(export, "PACK_PARTS", [broken])
    client.post(make)
    assert PackExport.objects.order_by("-pk").first().status == PackExport.Status.FAILED
    page = client.get(results).content.decode()
    assert "The last pack could not be made." in page
    assert "The pack could not be made (RuntimeError); the previous pack is unchanged." in page
    assert b"".join(client.get(download).streaming_content) == good


def test_a_build_whose_worker_died_is_given_up_and_a_new_one_queued(client, revealed, task_worker):
    stale = PackExport.objects.create(
        edition=revealed.edition, status=PackExport.Status.RUNNING,
        updated_at=timezone.now() - dt.timedelta(minutes=10),
    )
    client.post(urls(revealed.edition.slug)[1])
    stale.refresh_from_db()
    assert stale.status == PackExport.Status.FAILED
    assert stale.error == "The background worker stopped before the pack was finished."
    assert PackExport.objects.filter(status=PackExport.Status.QUEUED).count() == 1


def test_only_organisers_make_or_download_the_pack(client, revealed):
    from tests.factories import UserFactory

    _results, make, download = urls(revealed.edition.slug)
    client.force_login(UserFactory())
    assert client.post(make).status_code == 403
    assert client.get(download).status_code == 403
    assert not PackExport.objects.exists()
