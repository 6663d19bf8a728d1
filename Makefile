# Request-based device-mapper for Linux 6.12: build, boot, test.
# The two commands a newcomer runs: 'make demo' and 'make check'.

KERNEL  ?= patched
VARIANT ?= fast
TESTS   ?=
export TESTS

.PHONY: demo check check-stock check-debug check-one kernel stock tree export series-check warnings-check distro-build deb help

help:
	@echo "make demo          build the patched kernel, show multipath failover in a VM"
	@echo "make check         the test suite on the patched kernel (fast, then debug variant)"
	@echo "make check-stock   the suite on stock 6.12 (fast variant)"
	@echo "make check-one KERNEL=patched|stock VARIANT=fast|debug [TESTS=mpath/002]"
	@echo "make distro-build  compile drivers/md/ and block/ with Debian's own 6.12 configuration"
	@echo "make deb           an installable Debian package of the patched kernel (make bindeb-pkg)"
	@echo "make kernel | stock | tree | export | series-check | warnings-check"

demo:
	scripts/demo.sh

check:
	scripts/check-all.sh lint meta patched:fast patched:debug

check-stock:
	tests/check -k stock -v fast $(TESTS)

check-debug:
	tests/check -k patched -v debug $(TESTS)

check-one:
	tests/check -k $(KERNEL) -v $(VARIANT) $(TESTS)

tree:
	scripts/deps.sh && scripts/prepare-tree.sh

kernel: tree
	scripts/build-kernel.sh patched $(VARIANT)

stock: tree
	scripts/build-kernel.sh stock $(VARIANT)

export:
	scripts/export-series.sh

series-check: tree
	scripts/series-check.sh

warnings-check: tree
	scripts/warnings-check.sh

distro-build:
	scripts/distro-build.sh

deb:
	scripts/deb-pkg.sh
