/* sources.c — the source files an excerpt can quote; see sources.h. */
#include "sources.h"

#include "str.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

void
sources_init(source_cache *cache)
{
	cache->items = NULL;
	cache->count = 0;
	cache->capacity = 0;
}

static void
source_free(source *file)
{
	free(file->path);
	free(file->real_path);
	lines_free(&file->text);
	regions_free(&file->regions);
	free(file->region_used);
	functions_free(&file->functions);
	problems_free(&file->defects);
	free(file);
}

void
sources_free(source_cache *cache)
{
	for (size_t i = 0; i < cache->count; i++)
		source_free(cache->items[i]);
	free(cache->items);
	sources_init(cache);
}

static source *
source_read(const char *path, const char *real_path)
{
	source *file = str_realloc(NULL, sizeof *file);

	memset(file, 0, sizeof *file);
	if (lines_read(path, &file->text) == -1) {
		int saved_errno = errno;

		free(file);
		errno = saved_errno;
		return NULL;
	}
	file->path = str_dup(path);
	file->real_path = str_dup(real_path);
	problems_init(&file->defects);
	regions_scan(&file->text, path, &file->regions, &file->defects);
	functions_scan(&file->text, path, &file->functions, &file->defects);
	file->region_used = str_realloc(NULL, (file->regions.count + 1) * sizeof(bool));
	memset(file->region_used, 0, (file->regions.count + 1) * sizeof(bool));
	return file;
}

source *
sources_load(source_cache *cache, const char *path)
{
	char real_path[PATH_MAX];
	source *file;

	if (realpath(path, real_path) == NULL)
		return NULL;
	for (size_t i = 0; i < cache->count; i++)
		if (strcmp(cache->items[i]->real_path, real_path) == 0)
			return cache->items[i];
	file = source_read(path, real_path);
	if (file == NULL)
		return NULL;
	if (cache->count == cache->capacity) {
		cache->capacity = cache->capacity ? 2 * cache->capacity : 16;
		cache->items = str_realloc(cache->items, cache->capacity * sizeof *cache->items);
	}
	cache->items[cache->count++] = file;
	return file;
}

/* A region defined twice is already a defect of the file; every copy of the
 * name counts as used, so the duplicate is not also reported as unused. */
static void
mark_region_used(source *file, const char *name)
{
	for (size_t i = 0; i < file->regions.count; i++)
		if (strcmp(file->regions.items[i].name, name) == 0)
			file->region_used[i] = true;
}

bool
source_excerpt(source *file, const char *name, lines *body, char **error)
{
	const region *r = regions_find(&file->regions, name);
	size_t definitions;
	const function *f = functions_find(&file->functions, name, &definitions);

	lines_init(body);
	*error = NULL;
	if (r != NULL && f != NULL) {
		*error = str_format("'%s' is both a region (line %zu) and a function (line %zu) in %s: "
		                    "rename one",
		                    name, r->start + 1, f->declarator + 1, file->path);
		mark_region_used(file, name);
		return false;
	}
	if (r != NULL) {
		mark_region_used(file, name);
		region_body(&file->text, r, body);
		return true;
	}
	if (definitions > 1) {
		*error = str_format("function '%s' is defined %zu times in %s (first at line %zu)",
		                    name, definitions, file->path, f->declarator + 1);
		return false;
	}
	if (f != NULL) {
		function_body(&file->text, f, body);
		return true;
	}
	*error = str_format("no region or function named '%s' in %s", name, file->path);
	return false;
}
