# Makefile for maildrop-suite (GNU make).  Do not edit: the settings are in
# conf-home and conf-compile/; package/configure turns them into
# $(B)/config.mak, and editing any of them rebuilds everything.
#
# Layout rules, so that adding code never means editing this file:
#  - every src/lib<name>/*.c goes into the internal library $(B)/lib<name>.a;
#  - every src/<dir>/deps-exe/<prog> makes command/<prog>: its lines name the
#    extra objects from src/<dir> (foo.o) and extra link flags (-lfoo);
#  - every tests/unit/t-<name>.c makes the unit test $(B)/tests/t-<name>.
# Every program and unit test links all internal libraries (one group,
# unused members are not pulled in) and conf-ldlibs (--as-needed).

it: all

B ?= build
CMD ?= command
EXTRA_CFLAGS ?=
EXTRA_LDFLAGS ?=

.PHONY: it all tests check demo bench install asan clean distclean

-include $(B)/config.mak

$(B)/config.mak: conf-home $(wildcard conf-compile/*) package/info package/configure
	@mkdir -p $(B)
	sh package/configure > $@.tmp && mv -f $@.tmp $@

$(B)/include/mds-config.h: conf-home $(wildcard conf-compile/*) package/info package/gen-config-h
	@mkdir -p $(@D)
	sh package/gen-config-h > $@.tmp && mv -f $@.tmp $@

ALL_CFLAGS = $(CFLAGS) $(EXTRA_CFLAGS) -Isrc/include-local -I$(B)/include $(CPPFLAGS) -MMD -MP
LIBNAMES := $(patsubst src/lib%/,%,$(wildcard src/lib*/))
LIBS := $(foreach l,$(LIBNAMES),$(B)/lib$(l).a)
LINKLIBS = -Wl,--start-group $(LIBS) -Wl,--end-group $(LIBPATHS) -Wl,--as-needed $(LDLIBS)

$(B)/src/%.o: src/%.c $(B)/config.mak $(B)/include/mds-config.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/tests/%.o: tests/unit/%.c $(B)/config.mak $(B)/include/mds-config.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# $(1) = library, $(2) = object tree
define lib_template
$(2)/lib$(1).a: $(patsubst src/%.c,$(2)/src/%.o,$(wildcard src/lib$(1)/*.c))
	@rm -f $$@
	$$(AR) rcs $$@ $$^
endef
$(foreach l,$(LIBNAMES),$(eval $(call lib_template,$(l),$(B))))

# The programs of conf-staticprogs are compiled by STATICCC (musl-gcc, see
# conf-compile/conf-staticcc) into an object tree of their own, $(SB), and
# linked -static; with musl they also get their allocator and the glibc
# entry points Debian's archives call (src/musl/).
SB := $(B)/static
SLIBS := $(foreach l,$(LIBNAMES),$(SB)/lib$(l).a)
SEXTRA := $(if $(filter musl,$(STATICLIBC)),$(patsubst src/%.c,$(SB)/src/%.o,$(wildcard src/musl/*.c)))
SLINKLIBS = -Wl,--start-group $(SLIBS) -Wl,--end-group $(SEXTRA) $(LIBPATHS) $(STATICLDLIBS)

$(SB)/include/.made: package/static-include $(B)/config.mak
	$(if $(filter musl,$(STATICLIBC)),sh package/static-include '$(CC)' $(@D),mkdir -p $(@D) && : > $@)

$(SB)/src/%.o: src/%.c $(B)/config.mak $(B)/include/mds-config.h | $(SB)/include/.made
	@mkdir -p $(@D)
	$(STATICCC) $(ALL_CFLAGS) -I$(SB)/include -c -o $@ $<

$(foreach l,$(LIBNAMES),$(eval $(call lib_template,$(l),$(SB))))

# $(1) = program, $(2) = its source directory
define prog_template
$(1)_DEPS := $$(shell cat $(2)/deps-exe/$(1))
ifneq ($$(filter $(1),$$(STATICPROGS)),)
$(1)_OBJS := $$(patsubst %.o,$(SB)/$(2)/%.o,$$(filter %.o,$$($(1)_DEPS)))
$(CMD)/$(1): $$($(1)_OBJS) $(SLIBS) $(SEXTRA)
	@mkdir -p $$(@D)
	$$(STATICCC) $$(LDFLAGS) $$(EXTRA_LDFLAGS) -static -o $$@.tmp $$($(1)_OBJS) $$(filter-out %.o,$$($(1)_DEPS)) $$(SLINKLIBS)
	mv -f $$@.tmp $$@
else
$(1)_OBJS := $$(patsubst %.o,$(B)/$(2)/%.o,$$(filter %.o,$$($(1)_DEPS)))
$(CMD)/$(1): $$($(1)_OBJS) $(LIBS)
	@mkdir -p $$(@D)
	$$(LD) $$(LDFLAGS) $$(EXTRA_LDFLAGS) $$(STATIC) -o $$@.tmp $$($(1)_OBJS) $$(filter-out %.o,$$($(1)_DEPS)) $$(LINKLIBS)
	mv -f $$@.tmp $$@
endif
PROGRAMS += $(CMD)/$(1)
endef
$(foreach d,$(wildcard src/*/deps-exe/*),$(eval $(call prog_template,$(notdir $(d)),$(patsubst %/deps-exe/,%,$(dir $(d))))))

UNITTESTS := $(patsubst tests/unit/%.c,$(B)/tests/%,$(wildcard tests/unit/t-*.c))
$(B)/tests/t-%: $(B)/tests/t-%.o $(LIBS)
	$(LD) $(LDFLAGS) $(EXTRA_LDFLAGS) -o $@ $< $(LINKLIBS)

all: $(PROGRAMS)

tests: all $(UNITTESTS)

# The sanitizer build: same sources, own object tree and command directory.
asan:
	$(MAKE) B=build/asan CMD=build/asan/command EXTRA_CFLAGS='$(SANFLAGS)' EXTRA_LDFLAGS='$(SANFLAGS)' STATIC= STATICPROGS= tests

check:
	sh package/deps-install check
	$(MAKE) tests
	$(MAKE) asan
	sh tests/run

demo:
	sh package/deps-install demo
	$(MAKE) all
	sh package/demo

bench:
	sh package/deps-install bench
	$(MAKE) all
	sh tests/bench/run

install: all
	sh package/makeinstall '$(home)' '$(DESTDIR)' '$(EXECLINEB)' '$(LOGFIFO)'

clean:
	rm -rf build command

distclean: clean

-include $(shell find $(B) -name '*.d' 2>/dev/null)
