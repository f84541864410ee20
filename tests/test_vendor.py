"""The vendored Vega bundle is exactly what the pinned vl-convert produces."""

import hashlib

import vl_convert

from joppi.paths import ASSETS


def test_vendored_bundle_matches_pinned_vl_convert():
    vendored = (ASSETS / "vendor" / "vega-bundle.js").read_text(encoding="utf-8")
    generated = vl_convert.javascript_bundle()
    assert hashlib.sha256(vendored.encode()).hexdigest() == hashlib.sha256(generated.encode()).hexdigest(), (
        "src/joppi/assets/vendor/vega-bundle.js is stale: regenerate it with vl_convert.javascript_bundle()"
    )


def test_bundle_defines_vega_embed():
    vendored = (ASSETS / "vendor" / "vega-bundle.js").read_text(encoding="utf-8")
    assert "vegaEmbed" in vendored
