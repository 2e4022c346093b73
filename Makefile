# Forest — the two set-up commands of the README, and a few helpers.
#
#   make example   build Forest and run the example review end to end
#   make test      run the whole test suite (what CI runs)
#
# Both first check what the build needs and install what is missing (tools/setup).

SWIFT ?= swift
EXAMPLE ?= Examples/hcc-seed.forest

.PHONY: example test setup build release reference benchmark figures fuzz lint clean browser-test install

# The example writes its figures into out/.
example: setup release
	mkdir -p out
	cd out && ../.build/release/forest run ../$(EXAMPLE)
	@echo "figures written to out/; the whole review: out/hcc-seed.html (open it in a browser)"

test: setup
	$(SWIFT) test

setup:
	@tools/setup

build: setup
	$(SWIFT) build

# The release binary carries the Swift runtime and Foundation itself (--static-swift-stdlib):
# the dynamic loader otherwise binds their symbols in some 25 libraries at every start, 6 ms
# of the 14 ms a small script takes (docs/performance.md). Only the `forest` product: the
# test-support library imports Testing, which has no static build.
RELEASE_BUILD = build -c release --static-swift-stdlib --product forest

release: setup
	$(SWIFT) $(RELEASE_BUILD)

# Every reference analysis through the release binary (needs ../shared from the steering repo).
reference: release
	../shared/tools/reference-check --forest .build/release/forest ../shared/reference/cases

# Every example's figures as PNG (out/figures), for looking at them.
figures: setup
	tools/render-figures

# Fuzz the whole pipeline with libFuzzer (FUZZ_SECONDS, default 60; findings in fuzz/findings).
FUZZ_SECONDS ?= 60
# The house layout (.swift-format): any difference fails.
lint:
	$(SWIFT) format lint --strict --recursive Sources Tests Package.swift

fuzz: setup
	tools/fuzz $(FUZZ_SECONDS)

# The example's report opened in headless Chromium (installed here, only for this target):
# no console errors, nothing fetched, every SVG drawn; screenshot out/hcc-seed.png.
browser-test: example
	@tools/setup --browser
	tools/browser-check out/hcc-seed.html --screenshot out/hcc-seed.png

# Leave-one-out and cumulative analyses against R's metafor (needs r-cran-metafor).
# Forest against metafor on generated data (several minutes; writes docs/performance.md).
benchmark: release
	benchmarks/run.py

# The binary, its man page, bash/zsh/fish completions and the Vim files under $(DESTDIR)$(PREFIX)
# (bin/, share/man/man1/, share/bash-completion/completions/, share/zsh/site-functions/,
# share/fish/vendor_completions.d/, share/vim/vimfiles/). CONFIG=debug installs the debug build (CI does, to check
# the target without a second build).
PREFIX ?= /usr/local
DESTDIR ?=
CONFIG ?= release
install: setup
	tools/install "$(DESTDIR)" "$(PREFIX)" "$(CONFIG)"

clean:
	rm -rf .build
