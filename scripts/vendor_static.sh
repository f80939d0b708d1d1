#!/usr/bin/env bash
# Copy the front-end libraries installed by npm into our static files.
set -euo pipefail
cd "$(dirname "$0")/.."
dst=src/talenta/core/static/vendor
rm -rf "$dst" && mkdir -p "$dst"/{bootstrap,bootstrap-icons,htmx,echarts,axe-core}
cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/css/bootstrap.min.css.map node_modules/bootstrap/dist/js/bootstrap.bundle.min.js node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map "$dst/bootstrap/"
cp node_modules/bootstrap-icons/font/bootstrap-icons.min.css "$dst/bootstrap-icons/"
cp -r node_modules/bootstrap-icons/font/fonts "$dst/bootstrap-icons/"
cp node_modules/htmx.org/dist/htmx.min.js "$dst/htmx/"
cp node_modules/echarts/dist/echarts.min.js "$dst/echarts/"
# axe-core: only the browser tests inject it (accessibility checks); no page loads it.
cp node_modules/axe-core/axe.min.js "$dst/axe-core/"
for p in bootstrap bootstrap-icons htmx.org echarts axe-core; do
  cp "node_modules/$p/LICENSE" "$dst/${p%%.org}/LICENSE" 2>/dev/null || true
done
