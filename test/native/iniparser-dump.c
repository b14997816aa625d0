/* What daxctl sees of each file, through the real libiniparser (Debian's libiniparser-dev): the sections iniparser_getnsec and
 * iniparser_getsecname give, and each one's keys (iniparser_getseckeys) with their values (iniparser_getstring), in hex; "NULL"
 * when iniparser_load refuses the file. Built and run by test/actions/iniparser-lib.test.ts; the console never compiles anything. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <iniparser.h>

static int quiet(const char *format, ...) { (void)format; return 0; }

static void hex(const char *s) {
	for (; *s; s++) printf("%02x", (unsigned char)*s);
}

int main(int argc, char **argv) {
	iniparser_set_error_callback(quiet);
	for (int f = 1; f < argc; f++) {
		dictionary *d = iniparser_load(argv[f]);
		printf("FILE %d\n", f - 1);
		if (!d) {
			printf("NULL\n");
			continue;
		}
		int nsec = iniparser_getnsec(d);
		for (int i = 0; i < nsec; i++) {
			const char *name = iniparser_getsecname(d, i);
			printf("S ");
			hex(name);
			printf("\n");
			int nkeys = iniparser_getsecnkeys(d, name);
			const char **keys = calloc(nkeys > 0 ? nkeys : 1, sizeof(char *));
			if (nkeys > 0 && iniparser_getseckeys(d, name, keys)) {
				for (int k = 0; k < nkeys; k++) {
					const char *value = iniparser_getstring(d, keys[k], NULL);
					if (!value) continue;
					printf("K ");
					hex(keys[k] + strlen(name) + 1);
					printf(" ");
					hex(value);
					printf("\n");
				}
			}
			free(keys);
		}
		iniparser_freedict(d);
	}
	return 0;
}
