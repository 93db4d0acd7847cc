#include "dot_hash.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static const char comment_start[] = "<!-- dot-hash: fnv1a64:";
static const char comment_end[] = " -->";

uint64_t
fnv1a64(const void *bytes, size_t length)
{
	const unsigned char *byte = bytes;
	uint64_t hash = UINT64_C(0xcbf29ce484222325); /* the FNV offset basis */
	for (size_t i = 0; i < length; i++) {
		hash ^= byte[i];
		hash *= UINT64_C(0x100000001b3); /* the FNV prime */
	}
	return hash;
}

void
dot_hash_comment(uint64_t hash, char *out, size_t size)
{
	snprintf(out, size, "%s%016" PRIx64 "%s", comment_start, hash, comment_end);
}

static int
hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

bool
svg_dot_hash(const char *svg, uint64_t *hash)
{
	const char *at = strstr(svg, comment_start);
	if (at == NULL)
		return false;
	at += strlen(comment_start);
	uint64_t value = 0;
	for (int i = 0; i < 16; i++, at++) {
		int digit = hex_value(*at);
		if (digit < 0)
			return false;
		value = value << 4 | (uint64_t)digit;
	}
	if (strncmp(at, comment_end, strlen(comment_end)) != 0)
		return false;
	*hash = value;
	return true;
}
