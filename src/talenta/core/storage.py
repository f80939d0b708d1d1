"""Static files: WhiteNoise's compressed, hashed storage, with each file's URL looked up once per process.

A page names about ten static files (`{% static %}`); each lookup reads the manifest, joins and quotes the
URL again (about 40 µs). The manifest does not change while a process runs (`collectstatic` runs before
the server starts), so the answer for a name is kept. Post-processing inside collectstatic calls `_url`,
not `url`, and is unaffected."""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._known_urls: dict[str, str] = {}

    def url(self, name: str | None, force: bool = False) -> str:
        if force or not name:
            return super().url(name, force)
        found = self._known_urls.get(name)
        if found is None:
            found = self._known_urls[name] = super().url(name)
        return found
