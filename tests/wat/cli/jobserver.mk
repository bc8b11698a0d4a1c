# Builds every $(OUT)/m*.wat with `wasmc build -j4` under `make -jN`
# (tests/tests/cli_jobserver.rs, jobserver_make): each wasmc takes the
# compilation threads beyond its first from make's jobserver, so all of them
# together never run more than N threads. The `+` marks the recipe as
# recursive: make hands its jobserver only to such recipes. Each wasmc's
# stderr (with WASMC_JOBSERVER_DEBUG=1 in the environment: how many extra
# threads it got) goes to $@.log.
EXES := $(patsubst %.wat,%.exe,$(wildcard $(OUT)/m*.wat))

all: $(EXES)

$(OUT)/%.exe: $(OUT)/%.wat
	+$(WASMC) build -j4 $< -o $@ 2> $@.log
