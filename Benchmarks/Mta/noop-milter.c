/* Benchmarks/Mta/noop-milter.c: a libmilter (C) milter that does nothing. It asks the MTA for end of message
   only and accepts every message: the cost of having any milter at all, the floor under every milter
   (configuration "noop" of Benchmarks/Mta/run.sh, which builds it with gcc and libmilter-dev). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libmilter/mfapi.h>

static sfsistat negotiate(SMFICTX *ctx, unsigned long f0, unsigned long f1, unsigned long f2, unsigned long f3,
                          unsigned long *pf0, unsigned long *pf1, unsigned long *pf2, unsigned long *pf3) {
  *pf0 = 0;
  *pf1 = (SMFIP_NOCONNECT | SMFIP_NOHELO | SMFIP_NOMAIL | SMFIP_NORCPT | SMFIP_NOBODY | SMFIP_NOHDRS |
          SMFIP_NOEOH | SMFIP_NOUNKNOWN | SMFIP_NODATA) & f1;
  *pf2 = 0; *pf3 = 0;
  return SMFIS_CONTINUE;
}
static sfsistat eom(SMFICTX *ctx) { return SMFIS_ACCEPT; }

int main(int argc, char **argv) {
  if (argc < 2) { fprintf(stderr, "usage: noop inet:PORT@127.0.0.1\n"); return 2; }
  struct smfiDesc desc;
  memset(&desc, 0, sizeof desc);
  desc.xxfi_name = "noop";
  desc.xxfi_version = SMFI_VERSION;
  desc.xxfi_eom = eom;
  desc.xxfi_negotiate = negotiate;
  if (smfi_setconn(argv[1]) == MI_FAILURE || smfi_register(desc) == MI_FAILURE) return 1;
  smfi_setbacklog(1024);
  return smfi_main() == MI_SUCCESS ? 0 : 1;
}
