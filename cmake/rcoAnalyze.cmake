# Static ownership checks of code that uses rco, for CMake projects
# (docs/static-analysis.md). Included by rco's package configuration, which
# sets RCO_ANALYZE_EXECUTABLE to the installed bin/rco-analyze.
#
# rco_analyze(<target>...)
#   Adds, for each target, a target <target>_analyze that runs rco-analyze
#   over the target's C sources with its include directories and compile
#   definitions, and a target "analyze" that runs them all:
#       cmake --build build --target analyze
#   A finding fails it (rco-analyze exits 1), as does code rco-analyze
#   cannot analyze.
#
# RCO_CLANG_TIDY_COMMAND
#   The same checker through clang-tidy, run by CMake as each file compiles:
#       set(CMAKE_C_CLANG_TIDY ${RCO_CLANG_TIDY_COMMAND})
#   before the targets are defined. Findings come in the checker's own
#   words and fail the build.

function(rco_analyze)
  if(NOT RCO_ANALYZE_EXECUTABLE)
    message(FATAL_ERROR "rco_analyze: RCO_ANALYZE_EXECUTABLE is not set (find_package(rco) sets it)")
  endif()
  foreach(target IN LISTS ARGN)
    get_target_property(sources ${target} SOURCES)
    get_target_property(dir ${target} SOURCE_DIR)
    set(files "")
    foreach(source IN LISTS sources)
      if(source MATCHES "\\.c$")
        if(NOT IS_ABSOLUTE "${source}")
          set(source "${dir}/${source}")
        endif()
        list(APPEND files "${source}")
      endif()
    endforeach()
    if(NOT files)
      message(WARNING "rco_analyze: target ${target} has no C sources")
      continue()
    endif()
    # Evaluated at build time: the target's own include directories and
    # definitions and those its linked targets pass on (RCO_DEBUG from
    # rco::rco-debug), each as a compiler flag; nothing when empty.
    set(includes "$<TARGET_PROPERTY:${target},INCLUDE_DIRECTORIES>")
    set(definitions "$<TARGET_PROPERTY:${target},COMPILE_DEFINITIONS>")
    add_custom_target(${target}_analyze
      COMMAND "${RCO_ANALYZE_EXECUTABLE}" ${files} --
              "$<$<BOOL:${includes}>:-I$<JOIN:${includes},;-I>>"
              "$<$<BOOL:${definitions}>:-D$<JOIN:${definitions},;-D>>"
      WORKING_DIRECTORY "${dir}"
      COMMAND_EXPAND_LISTS VERBATIM
      COMMENT "rco-analyze: ${target}")
    if(NOT TARGET analyze)
      add_custom_target(analyze)
    endif()
    add_dependencies(analyze ${target}_analyze)
  endforeach()
endfunction()

# The two analyzer settings rco-analyze uses (see tools/rco-analyze) go to
# the analyzer through the compile flags clang-tidy is given.
find_program(RCO_CLANG_TIDY NAMES clang-tidy clang-tidy-21 clang-tidy-20 clang-tidy-19
             clang-tidy-18 clang-tidy-17 clang-tidy-16 clang-tidy-15 clang-tidy-14)
if(RCO_CLANG_TIDY)
  set(RCO_CLANG_TIDY_COMMAND
    "${RCO_CLANG_TIDY}"
    "--checks=-*,clang-analyzer-osx.cocoa.RetainCount"
    "--warnings-as-errors=clang-analyzer-osx.cocoa.RetainCount"
    "--extra-arg=-Xclang" "--extra-arg=-analyzer-inlining-mode=all"
    "--extra-arg=-Xclang" "--extra-arg=-analyzer-config"
    "--extra-arg=-Xclang" "--extra-arg=max-times-inline-large=1000")
endif()
