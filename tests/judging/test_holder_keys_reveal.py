"""The reveal with holder key files: from the ceremony page (key files uploaded, one file holding key and
encrypted share, or the key file alone) and from `manage.py reveal --share-file` (the same files, or a key
file and an encrypted share file given separately). A wrong key file changes nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from awards.models import Edition
from judging import sealing

pytestmark = pytest.mark.django_db


@pytest.fixture
def sealed_world(cast, edition_in):
    return cast, edition_in("sealed")


def _key_only(text: str) -> str:
    return sealing.holder_key_file_text(sealing.holder_material_parse(text).private_key)


def _encrypted_only(text: str) -> str:
    return sealing.holder_material_parse(text).encrypted.to_text()


def _post(client, world, files: dict):
    seal = world.edition.seal
    data = {"confirm_root": seal.root[:8], "confirm_count": seal.count}
    for slot, text in files.items():
        data[f"share_file_{slot}"] = SimpleUploadedFile(f"key-{slot}.txt", text.encode(), content_type="text/plain")
    return client.post(reverse("judging:ceremony", args=[world.edition.slug]), data)


def test_two_holders_reveal_on_the_ceremony_page_with_their_key_files(client, sealed_world):
    cast, world = sealed_world
    client.force_login(cast.holders[0])
    # Holder 1 brings the one file (key + encrypted share), holder 3 their key file alone.
    response = _post(client, world, {1: world.share_texts[0], 3: _key_only(world.share_texts[2])})
    assert response.status_code == 302, response.content.decode()
    world.edition.refresh_from_db()
    assert world.edition.state == Edition.State.REVEALED


@pytest.mark.parametrize(("language", "message"), [
    ("en", "Key file number 2 belongs to no key holder of this edition&#x27;s key."),
    ("id", "Berkas kunci nomor 2 bukan milik pemegang kunci mana pun dari kunci edisi ini."),
])
def test_a_wrong_key_file_on_the_ceremony_page_is_refused_and_changes_nothing(client, sealed_world, language,
                                                                             message):
    cast, world = sealed_world
    client.force_login(cast.holders[0])
    client.cookies["django_language"] = language
    # Holder 2's encrypted share with a key of nobody's, then a stranger's key alone.
    forged = sealing.holder_file_text(sealing.holder_key_generate(),
                                      sealing.holder_material_parse(world.share_texts[1]).encrypted)
    for wrong in (forged, sealing.holder_key_file_text(sealing.holder_key_generate())):
        response = _post(client, world, {1: world.share_texts[0], 2: wrong})
        assert response.status_code == 200
        assert message in response.content.decode()
    world.edition.refresh_from_db()
    assert world.edition.state == Edition.State.SEALED
    # A key file whose encrypted share is another holder's: the key is holder 3's, and the server opens
    # holder 3's stored share with it (the server's copy counts, not the file's).
    mixed = sealing.holder_file_text(
        sealing.holder_material_parse(world.share_texts[2]).private_key,
        sealing.holder_material_parse(world.share_texts[1]).encrypted,
    )
    assert _post(client, world, {1: world.share_texts[0], 2: mixed}).status_code == 302


def test_reveal_command_takes_key_files_alone_together_or_apart(tmp_path, sealed_world, capsys):
    _cast, world = sealed_world
    one_file = tmp_path / "holder-1.txt"
    one_file.write_text(world.share_texts[0])
    key_2, share_2 = tmp_path / "holder-2-key.txt", tmp_path / f"{world.edition.slug}-share-2.txt"
    key_2.write_text(_key_only(world.share_texts[1]))
    share_2.write_text(_encrypted_only(world.share_texts[1]))
    stranger = tmp_path / "stranger.txt"
    stranger.write_text(sealing.holder_key_file_text(sealing.holder_key_generate()))
    with pytest.raises(CommandError, match="belongs to no key holder"):
        call_command("reveal", world.edition.slug, "--share-file", str(one_file), "--share-file", str(stranger))
    with pytest.raises(CommandError, match="opens only with its holder key file"):
        call_command("reveal", world.edition.slug, "--share-file", str(one_file), "--share-file", str(share_2))
    world.edition.refresh_from_db()
    assert world.edition.state == Edition.State.SEALED
    call_command("reveal", world.edition.slug, "--share-file", str(one_file), "--share-file", str(key_2),
                 "--share-file", str(share_2))
    assert f"revealed {world.edition.slug}" in capsys.readouterr().out
    world.edition.refresh_from_db()
    assert world.edition.state == Edition.State.REVEALED
