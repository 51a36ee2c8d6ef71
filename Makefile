# The build route of `sam build` (template.yaml: Metadata BuildMethod makefile, ProjectRootDirectory and ContextPath
# "."). For each function SAM's makefile builder (aws-lambda-builders workflows/custom_make) runs
#     make --makefile <repo>/Makefile build-<LogicalId>
# in the repository (samconfig.toml builds in source; without --build-in-source, in a scratch copy of it) with the
# caller's environment plus ARTIFACTS_DIR=.aws-sam/build/<LogicalId>. Each target publishes one function into
# $(ARTIFACTS_DIR) as `bootstrap`, the executable the provided.al2023 runtime starts.
#
#   CONVEYOR_PUBLISH=aot (default)  Native AOT, one self-contained native executable. Needs a Linux host of the target
#                                   architecture with clang and zlib (Debian/Ubuntu: apt-get install clang zlib1g-dev).
#   CONVEYOR_PUBLISH=jit            Self-contained JIT build (the .NET runtime ships in the zip): works from macOS and
#                                   Windows too, starts several times slower. `CONVEYOR_PUBLISH=jit sam build`.
#   RID=linux-x64 (default)         linux-arm64 for `Architectures: [arm64]` (AOT then needs an arm64 Linux host).
#   CONVEYOR_PIE=false (default)    AOT only: a fixed-address executable with its type data stored ready to use, which
#                                   starts faster; true builds .NET's default position-independent layout (ASLR for the
#                                   executable's image too). Why: functions/Function.props.
#
# Paths are relative to the working directory (the repository or SAM's copy of it), so both build modes work.

CONVEYOR_PUBLISH ?= aot
RID ?= linux-x64
CONVEYOR_PIE ?= false
DOTNET ?= dotnet

ifeq ($(CONVEYOR_PUBLISH),aot)
  ifneq ($(filter-out true false,$(CONVEYOR_PIE)),)
    $(error CONVEYOR_PIE must be true or false, not '$(CONVEYOR_PIE)')
  endif
  PUBLISH_PROPERTIES := -p:PublishAot=true -p:ConveyorPie=$(CONVEYOR_PIE)
else ifeq ($(CONVEYOR_PUBLISH),jit)
  PUBLISH_PROPERTIES := -p:PublishAot=false --self-contained true -p:DebugType=none
else
  $(error CONVEYOR_PUBLISH must be aot or jit, not '$(CONVEYOR_PUBLISH)')
endif

.PHONY: build-FileTriggerFunction build-StreamFanOutFunction build-TaskWorkerFunction build-MapItemFunction \
	build-FinalizeFunction build-ScheduleTargetFunction build-ApiFunction build-DocumentReviewFunction build-EchoBootstrap

build-FileTriggerFunction: ; $(call publish,FileTrigger)
build-StreamFanOutFunction: ; $(call publish,StreamFanOut)
build-TaskWorkerFunction: ; $(call publish,TaskWorker)
build-MapItemFunction: ; $(call publish,MapItem)
build-FinalizeFunction: ; $(call publish,Finalize)
build-ScheduleTargetFunction: ; $(call publish,ScheduleTarget)
build-ApiFunction: ; $(call publish,Api)
build-DocumentReviewFunction: ; $(call publish,DocumentReview)
# Not a function of the template: the cold-start baseline bench/cold-start.sh compares the functions with.
build-EchoBootstrap: ; $(call publish_project,bench/Conveyor.Lambda.Echo/Conveyor.Lambda.Echo.csproj,EchoBootstrap)

# $(1): the folder under functions/ and the assembly name (the template's Handler).
publish = $(call publish_project,functions/$(1)/$(1).csproj,$(1))

# $(1): the project, $(2): its assembly name.
define publish_project
	@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is not set: run 'sam build' (or set ARTIFACTS_DIR=<dir>)." >&2; exit 2; }
	@if [ "$(CONVEYOR_PUBLISH)" = aot ]; then \
	  if [ "$$(uname -s)" != Linux ]; then \
	    echo "Native AOT cannot cross-compile to Linux from $$(uname -s): run 'CONVEYOR_PUBLISH=jit sam build', or sam build inside Linux (WSL, a dev container)." >&2; exit 2; fi; \
	  command -v clang >/dev/null 2>&1 || { echo "Native AOT needs clang and zlib: apt-get install clang zlib1g-dev (or dnf install clang zlib-devel), or run 'CONVEYOR_PUBLISH=jit sam build'." >&2; exit 2; }; \
	fi
	$(DOTNET) publish $(1) -c Release -r $(RID) $(PUBLISH_PROPERTIES) -nologo -o "$(ARTIFACTS_DIR)"
	mv -f "$(ARTIFACTS_DIR)/$(2)" "$(ARTIFACTS_DIR)/bootstrap"
	rm -f "$(ARTIFACTS_DIR)"/*.dbg "$(ARTIFACTS_DIR)"/*.pdb
endef
