# Debian's hardening flags (dpkg-buildflags hardening=+all) for everything
# sipsurv compiles: fortified libc calls, stack protector and stack clash
# protection, control-flow protection (x86), PIE, full RELRO (relro + now).
# lintian and hardening-check look for them in the .deb (tests/cli/test_deb.sh).
#
# Off under the sanitizers and libFuzzer: ASan replaces the fortified calls
# and its own stack checks make the protector redundant. _FORTIFY_SOURCE needs
# optimization (glibc warns without it, -Werror fails), so Debug builds go
# without it.
option(SIPSURV_HARDENING "Build with the Debian hardening flags (fortify, stack protector, PIE, relro/now)" ON)

if(SIPSURV_HARDENING AND NOT SIPSURV_SANITIZE AND NOT SIPSURV_FUZZ)
  include(CheckPIESupported)
  check_pie_supported(LANGUAGES CXX)
  # Every target created after this point: position independent code, and
  # executables linked with -pie (CMP0083).
  set(CMAKE_POSITION_INDEPENDENT_CODE ON)
  target_compile_options(sipsurv_settings INTERFACE
    $<$<NOT:$<CONFIG:Debug>>:-U_FORTIFY_SOURCE -D_FORTIFY_SOURCE=2>
    -fstack-protector-strong
    -fstack-clash-protection)
  # Control-flow protection (CET), as dpkg-buildflags adds on amd64; x86 only.
  include(CheckCXXCompilerFlag)
  check_cxx_compiler_flag(-fcf-protection SIPSURV_HAVE_CF_PROTECTION)
  if(SIPSURV_HAVE_CF_PROTECTION)
    target_compile_options(sipsurv_settings INTERFACE -fcf-protection)
  endif()
  target_link_options(sipsurv_settings INTERFACE LINKER:-z,relro LINKER:-z,now)
  set(SIPSURV_HARDENED ON)
else()
  set(SIPSURV_HARDENED OFF)
endif()
