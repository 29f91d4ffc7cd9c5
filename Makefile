# The two commands of the README: `make demo` and `make test`.
SHELL := /bin/bash
export LANG := C.UTF-8

# Debian packages for the cgo build of Fyne (GL, X11) and the real-window
# smoke test (Xvfb).
DEPS := gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev \
	libxinerama-dev libxi-dev libxxf86vm-dev xvfb xauth libgl1-mesa-dri x11-utils
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
DEMO_DIR ?= demo-data
GO ?= go
# the version from git, stamped into the binary (scripts/version.sh)
VERSION := $(shell ./scripts/version.sh 2>/dev/null || echo 0.1.0-dev)
# what `make dist` needs besides DEPS: the Windows cross compiler and
# resource compiler, NSIS, the icon converter, dpkg-deb and dpkg-shlibdeps
DIST_DEPS := gcc-mingw-w64-x86-64 binutils-mingw-w64-x86-64 nsis imagemagick dpkg-dev p7zip-full

.PHONY: demo test deps build smoke vet

## demo: install what is missing, build, create the demo school and open it
demo: build
	./jxj demo --data $(DEMO_DIR)
	./jxj --data $(DEMO_DIR)

## test: every test (no X needed), then the real binary in a real window
test: build
	CGO_ENABLED=0 $(GO) test -tags ci ./...
	./scripts/smoke.sh ./jxj

## deps: install the missing Debian packages (and Go, if there is none)
deps:
	@missing=$$(for p in $(DEPS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	command -v $(GO) >/dev/null 2>&1 || missing="$$missing golang-go"; \
	if [ -n "$$missing" ]; then \
		echo "installing:" $$missing; \
		$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

## build: the real cgo binary (the first build of Fyne takes a few minutes)
build: deps
	$(GO) build -ldflags "-X main.version=$(VERSION)" -o jxj .

## smoke: start the built binary under Xvfb on a demo school
smoke:
	./scripts/smoke.sh ./jxj

vet:
	test -z "$$(gofmt -l .)" || (gofmt -l . && false)
	CGO_ENABLED=0 $(GO) vet -tags ci ./...

.PHONY: dist
## dist: the Windows installer, the .deb and the .tar.gz in dist/ (scripts/dist.sh)
dist:
	$(MAKE) deps DEPS="$(DEPS) $(DIST_DEPS)"
	./scripts/dist.sh
