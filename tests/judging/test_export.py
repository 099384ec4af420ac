import csv
import hashlib
import io
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from pypdf import PdfReader

from awards.models import AuditEvent, Award
from awards.pdf import PdfJob
from judging.pack import PACK
from judging.services.export import award_night_pack_build
from judging.services.reveal import edition_reveal
from judging.services.seal import edition_seal
from judging.services.verification import pack_verify
from tests.factories import UserFactory
from tests.generated_edition import edition_generate, generated_revealed, unzip

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def test_the_pack_holds_results_scorecards_key_and_manifest():
    generated = generated_revealed(categories=2, entries_per_category=3, judges=3, medals=True)
    files = unzip(award_night_pack_build(edition=generated.edition))

    feedback = sorted(PACK.feedback(entry.reference) for entry in generated.entries)
    assert sorted(files) == [
        PACK.certificates, PACK.edition_key, *feedback, PACK.manifest, PACK.results_csv, PACK.results_json,
        PACK.running_order, PACK.scorecards_json,
    ]
    manifest = json.loads(files[PACK.manifest])
    assert manifest["files"] == {
        name: hashlib.sha256(content).hexdigest() for name, content in files.items() if name != PACK.manifest
    }
    results = json.loads(files[PACK.results_json])
    edition = generated.edition
    assert results["edition"] == {"slug": edition.slug, "name": edition.name, "year": edition.year}
    assert results["commitment"] == {"root": edition.seal.root, "count": 18}
    first = results["categories"][0]
    assert first["rubric"]["weights"] == {"infrastructure": 25, "technology": 25, "communication": 25, "people": 25}
    assert [c["code"] for c in first["rubric"]["criteria"]][:2] == ["infrastructure-1", "infrastructure-2"]
    assert first["settings"]["award_mode"] == "places"
    assert results["categories"][1]["settings"]["thresholds"] == {
        "platinum": "85.00", "gold": "70.00", "silver": "55.00", "bronze": "40.00"
    }
    awards = Award.objects.filter(edition=edition).select_related("category", "entry__company", "entry__category")
    expected = sorted(
        (a.category.code, a.entry.company.legal_name, a.entry.reference, a.kind, f"{a.score:.2f}") for a in awards
    )
    listed = sorted((a["category"], a["company"], a["entry"], a["award"], a["score"]) for a in results["awards"])
    assert listed == expected
    rows = list(csv.DictReader(io.StringIO(files[PACK.results_csv].decode())))
    assert sorted((r["category"], r["company"], r["entry"], r["award"], r["score"]) for r in rows) == expected


def test_scorecards_name_judges_by_pseudonym_only():
    generated = generated_revealed(categories=1, entries_per_category=2, judges=3)
    files = unzip(award_night_pack_build(edition=generated.edition))
    text = files[PACK.scorecards_json].decode()
    for judge in generated.judges:
        assert judge.full_name not in text
        assert judge.user.email not in text
    cards = json.loads(text)["scorecards"]
    assert len(cards) == 6
    assert {card["judge"] for card in cards} == {"Judge 01", "Judge 02", "Judge 03"}
    assert set(cards[0]) >= {"receipt", "ciphertext", "version", "round", "entry", "judge", "content"}
    assert cards[0]["content"]["scores"]


def test_the_pack_is_extensible_by_parts(monkeypatch):
    from judging.services import export

    generated = generated_revealed(categories=1, entries_per_category=1, judges=3)
    job = PdfJob(html="<p>Running order</p>", filenames=(PACK.running_order,), stage="running_order")
    monkeypatch.setattr(export, "PACK_PARTS", [lambda **kwargs: [job]])
    files = unzip(award_night_pack_build(edition=generated.edition))
    assert sorted(files) == sorted([PACK.manifest, PACK.results_json, PACK.results_csv, PACK.scorecards_json,
                                    PACK.edition_key, PACK.running_order])
    assert "Running order" in PdfReader(io.BytesIO(files[PACK.running_order])).pages[0].extract_text()
    manifest = json.loads(files[PACK.manifest])["files"]
    assert manifest[PACK.running_order] == hashlib.sha256(files[PACK.running_order]).hexdigest()


def test_export_is_audited():
    generated = generated_revealed(categories=1, entries_per_category=1, judges=3)
    pack = award_night_pack_build(edition=generated.edition, actor=generated.organiser)
    event = AuditEvent.objects.filter(edition=generated.edition).order_by("seq").last()
    assert event.action == "pack.exported"
    assert event.payload["sha256"] == hashlib.sha256(pack).hexdigest()


def test_exporting_before_the_reveal_is_refused():
    generated = edition_generate(categories=1, entries_per_category=1, judges=3)
    edition_seal(edition=generated.edition, actor=None)
    with pytest.raises(ValidationError, match="not revealed yet"):
        award_night_pack_build(edition=generated.edition)
    assert not AuditEvent.objects.filter(action="pack.exported").exists()


def test_export_command_writes_the_pack(tmp_path, capsys):
    generated = generated_revealed(categories=1, entries_per_category=2, judges=3)
    output = tmp_path / "pack.zip"
    call_command("export_award_night", generated.edition.slug, "--output", str(output))
    assert PACK.results_json in unzip(output.read_bytes())
    assert capsys.readouterr().out.startswith(f"wrote {output}")


def test_export_command_shows_a_progress_bar_on_stderr(tmp_path, capsys):
    generated = generated_revealed(categories=1, entries_per_category=2, judges=3)
    call_command("export_award_night", generated.edition.slug, "--output", str(tmp_path / "pack.zip"))
    lines = capsys.readouterr().err.splitlines()  # not a terminal: a line per step
    step = r"\[[#.]{24}\] +\d+%  certificates \d/2 · running order \d/1 · feedback \d/2 · zip 0/1"
    assert all(re.fullmatch(step + r"(  zipping and writing)?", line) for line in lines), lines
    assert lines[-1] == (
        "[####################....]  83%  certificates 2/2 · running order 1/1 · feedback 2/2 · zip 0/1"
        "  zipping and writing"
    )


def test_export_command_before_the_reveal_fails_with_one_line(tmp_path):
    generated = edition_generate(categories=1, entries_per_category=1, judges=3)
    output = tmp_path / "pack.zip"
    with pytest.raises(CommandError) as caught:
        call_command("export_award_night", generated.edition.slug, "--output", str(output))
    slug = generated.edition.slug
    assert str(caught.value) == f"The edition {slug} cannot be exported: its results are not revealed yet."
    assert not output.exists()


def test_the_button_makes_the_pack_and_the_download_gives_it_to_organisers_only(client):
    generated = generated_revealed(categories=1, entries_per_category=1, judges=3)
    slug = generated.edition.slug
    make, download = reverse("judging:export_pack", args=[slug]), reverse("judging:download_pack", args=[slug])
    client.force_login(generated.organiser)
    assert client.get(download).status_code == 404  # nothing made yet
    response = client.post(make)  # the tests run background tasks at once
    assert response.status_code == 302 and response["Location"] == reverse("judging:results", args=[slug])
    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert PACK.results_json in unzip(b"".join(response.streaming_content))
    client.force_login(UserFactory())
    assert client.post(make).status_code == 403
    assert client.get(download).status_code == 403


FORMULA_NAMES = ['=HYPERLINK("x")', "+1", "-2+3", "@SUM(A1)"]


def test_company_names_that_look_like_formulas_are_escaped_in_every_csv_of_the_pack():
    generated = edition_generate(categories=2, entries_per_category=3, judges=3)
    for entry, name in zip(generated.entries, FORMULA_NAMES, strict=False):
        entry.company.legal_name = name
        entry.company.save(update_fields=["legal_name"])
    edition_seal(edition=generated.edition, actor=generated.organiser)
    edition_reveal(edition=generated.edition, shares=generated.share_texts[:2], actor=generated.organiser)
    pack = award_night_pack_build(edition=generated.edition)
    files = unzip(pack)

    csv_names = sorted(name for name in files if name.endswith(".csv"))
    assert csv_names == [PACK.results_csv]
    for name in csv_names:
        rows = list(csv.DictReader(io.StringIO(files[name].decode())))
        companies = {row["company"] for row in rows}
        assert companies >= {"'" + formula for formula in FORMULA_NAMES}
        assert not any(company.startswith(("=", "+", "-", "@")) for company in companies)
        # The score is written as a number, never escaped.
        assert all(row["score"][0].isdigit() for row in rows)
    # results.json keeps the names as typed; the verification still passes, CSV comparison included.
    assert {award["company"] for award in json.loads(files[PACK.results_json])["awards"]} >= set(FORMULA_NAMES)
    verdict = pack_verify(pack, expected_root=generated.edition.seal.root)
    assert verdict.ok, verdict.message
