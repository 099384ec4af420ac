"""The Indonesian catalogue is complete, keeps every placeholder, and is what the pages show."""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

LOCALE = Path(django_settings.BASE_DIR) / "locale"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|\{\w*\}|%[sdif]|</?[a-zA-Z][\w-]*")


def read_po(path):
    """The entries of a .po file as dicts: msgctxt, msgid, msgid_plural, msgstr (list), flags."""
    entries, entry, field = [], None, None

    def finish():
        if entry is not None and "msgid" in entry:
            entries.append(entry)

    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line:
            finish()
            entry, field = None, None
            continue
        if line.startswith("#~"):
            continue  # obsolete entries are not used by gettext
        if entry is None:
            entry = {"flags": set(), "msgctxt": None, "msgid_plural": None, "msgstr": []}
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            text = ast.literal_eval(line)
            if field == "msgstr":
                entry["msgstr"][-1] += text
            else:
                entry[field] += text
        else:
            keyword, _, value = line.partition(" ")
            text = ast.literal_eval(value)
            if keyword.startswith("msgstr"):
                field = "msgstr"
                entry["msgstr"].append(text)
            else:
                field = keyword
                entry[field] = text
    return entries


def placeholders(text):
    return sorted(set(PLACEHOLDER.findall(text or "")))


@pytest.fixture(scope="module")
def indonesian():
    entries = read_po(LOCALE / "id" / "LC_MESSAGES" / "django.po")
    header = next(e for e in entries if e["msgid"] == "")
    return header, [e for e in entries if e["msgid"] != ""]


def label(entry):
    return f"{entry['msgctxt']}|{entry['msgid']}" if entry["msgctxt"] else entry["msgid"]


def test_the_indonesian_catalogue_is_complete_and_nothing_is_fuzzy(indonesian):
    header, entries = indonesian
    assert "fuzzy" not in header["flags"]
    assert "Language: id\n" in header["msgstr"][0]
    assert "charset=UTF-8" in header["msgstr"][0]
    assert "Plural-Forms: nplurals=1; plural=0;" in header["msgstr"][0]
    assert len(entries) > 100
    untranslated = [label(e) for e in entries if not all(e["msgstr"])]
    fuzzy = [label(e) for e in entries if "fuzzy" in e["flags"]]
    assert untranslated == []
    assert fuzzy == []


def test_every_translation_keeps_the_placeholders_of_its_msgid(indonesian):
    _, entries = indonesian
    broken = []
    for entry in entries:
        expected = placeholders(entry["msgid"] + (entry["msgid_plural"] or ""))
        for text in entry["msgstr"]:
            if placeholders(text) != expected:
                broken.append((label(entry), text))
    assert broken == []


def test_the_committed_mo_files_match_the_po_files(indonesian):
    """Fresh machines use the committed .mo without compiling: it must say what the .po says."""
    _, entries = indonesian
    with (LOCALE / "id" / "LC_MESSAGES" / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for entry in entries:
        if entry["msgid_plural"]:
            got = compiled.ngettext(entry["msgid"], entry["msgid_plural"], 1)
        elif entry["msgctxt"]:
            got = compiled.pgettext(entry["msgctxt"], entry["msgid"])
        else:
            got = compiled.gettext(entry["msgid"])
        if got != entry["msgstr"][0]:
            stale.append(label(entry))
    assert stale == []
    assert (LOCALE / "en" / "LC_MESSAGES" / "django.mo").exists()


# Our own strings from the navbar and the footer of base.html, as each language writes them.
SHARED = {
    "id": ["Navigasi utama", "Tidak seorang pun melihat nilai sebelum malam penganugerahan."],
    "en": ["Main navigation", "No one sees a score before award night."],
}
PAGES = {
    "home": {
        "id": ["Masuk", "Daftar", "Ajang penghargaan nasional bagi contact center"],
        "en": ["Log in", "Register", "The national awards for contact centres"],
    },
    "account_login": {"id": ["Daftar"], "en": ["Register"]},
    "account_signup": {"id": ["Masuk"], "en": ["Log in"]},
}


@pytest.mark.django_db
@pytest.mark.parametrize("page", sorted(PAGES))
def test_key_pages_speak_indonesian_by_default_and_english_on_request(client, settings, page):
    settings.LANGUAGE_CODE = "id"
    response = client.get(reverse(page))
    assert response.status_code == 200
    assert '<html lang="id">' in response.text
    for words in SHARED["id"] + PAGES[page]["id"]:
        assert words in response.text
    for words in SHARED["en"]:
        assert words not in response.text

    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse(page))
    assert '<html lang="en">' in response.text
    for words in SHARED["en"] + PAGES[page]["en"]:
        assert words in response.text
    for words in SHARED["id"]:
        assert words not in response.text
