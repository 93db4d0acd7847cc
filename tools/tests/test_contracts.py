"""Tests of sstools.contracts: every declaration of an installed header has
its contract, a comment just before it or on its line."""
import os
import textwrap
import unittest

from sstools import contracts
from sstools.source import Source, source_declarations
from tests import ROOT, run, tree

DOCUMENTED = """
    /* a.h — the top comment tells the file, not a declaration. */
    #ifndef A_H
    #define A_H

    /* The most lines. */
    #define A_MAX 10

    /* A pair. */
    /*@region pair */
    typedef struct a_pair {
    	int left;  /* the first */
    	/* the second */
    	int right;
    } a_pair;
    /*@end pair */

    /* How it goes. */
    typedef enum a_kind {
    	A_ONE, /* one */
    	A_TWO  /* two */
    } a_kind;

    /* Format a pair. */
    #if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
    #endif
    int a_format(const char *format, ...);

    /* A class table. */
    struct a_class {
    	/* Called to run it; 0 or -1. May be overridden. */
    	int (*run)(void *self, void (*done)(void *));
    };

    extern const struct a_class a_base; /* the base class */

    /* Internal: used by A_MACRO; not for programs. */
    int ss__plumbing(void);

    /* The pair behind p. */
    static inline a_pair *
    a_pair_of(void *p)
    {
    	int unrelated;
    	return p;
    }

    #endif
"""


def names(text):
    return [(d.kind, d.name) for d in source_declarations(Source("a.h", text))]


class Declarations(unittest.TestCase):
    def test_every_kind_is_found_and_the_guard_is_not(self):
        found = names(textwrap.dedent(DOCUMENTED))
        self.assertEqual(found, [
            ("macro", "A_MAX"), ("type", "a_pair"), ("member", "left"), ("member", "right"),
            ("type", "a_kind"), ("enumerator", "A_ONE"), ("enumerator", "A_TWO"),
            ("function", "a_format"), ("type", "a_class"), ("member", "run"),
            ("variable", "a_base"), ("function", "ss__plumbing"), ("inline", "a_pair_of")])


class Contracts(unittest.TestCase):
    def check(self, header):
        files = {"c/01-a/a.h": header, "lib/umbrella.h": '#include "a.h"\n'}
        with tree(files):
            return run(contracts.main, "--umbrella", "lib/umbrella.h", "c/01-a")

    def test_passes_on_a_documented_header(self):
        status, out, err = self.check(DOCUMENTED)
        self.assertEqual((status, err), (0, ""))
        self.assertIn("13 declarations in 2 installed headers", out)

    def test_fails_on_an_undocumented_function_naming_file_and_line(self):
        status, _, err = self.check(DOCUMENTED.replace("    /* Format a pair. */\n", ""))
        self.assertEqual(status, 1)
        self.assertIn("c/01-a/a.h:24: function a_format has no contract", err)
        self.assertEqual(err.count("has no contract"), 1, err)

    def test_a_comment_counts_for_one_declaration_only(self):
        two = DOCUMENTED.replace("#define A_MAX 10\n", "#define A_MAX 10\n    #define A_MIN 1\n")
        status, _, err = self.check(two)
        self.assertEqual(status, 1)
        self.assertIn("macro A_MIN has no contract", err)

    def test_a_blank_line_parts_a_comment_from_its_declaration(self):
        status, _, err = self.check(DOCUMENTED.replace("/* the base class */", "")
                                    .replace("extern const", "/* The base. */\n\n    extern const"))
        self.assertEqual(status, 1)
        self.assertIn("variable a_base has no contract", err)

    def test_fails_on_an_undocumented_member_and_class_slot(self):
        header = (DOCUMENTED.replace("  /* the first */", "")
                  .replace("    \t/* Called to run it; 0 or -1. May be overridden. */\n", ""))
        status, _, err = self.check(header)
        self.assertEqual(status, 1)
        self.assertIn("member a_pair.left has no contract", err)
        self.assertIn("member a_class.run has no contract", err)

    def test_an_annotation_is_no_contract(self):
        status, _, err = self.check(DOCUMENTED.replace("    /* A pair. */\n", ""))
        self.assertEqual(status, 1)
        self.assertIn("type a_pair has no contract", err)

    def test_an_internal_name_must_say_so(self):
        status, _, err = self.check(DOCUMENTED.replace("Internal: used by A_MACRO", "Used by A_MACRO"))
        self.assertEqual(status, 1)
        self.assertIn("ss__plumbing is internal (ss__)", err)

    def test_an_unknown_header_is_an_error(self):
        with tree({"lib/umbrella.h": '#include "nowhere.h"\n', "c/01-a/x.c": ""}):
            status, _, err = run(contracts.main, "--umbrella", "lib/umbrella.h", "c/01-a")
        self.assertEqual(status, 2)
        self.assertIn("nowhere.h", err)


class TheRepository(unittest.TestCase):
    def test_the_installed_headers_keep_their_contracts(self):
        chapters = os.path.join(ROOT, "chapters")
        dirs = sorted(os.path.join(chapters, d) for d in os.listdir(chapters) if d[:2].isdigit())
        status, out, err = run(contracts.main, "--umbrella", os.path.join(ROOT, "lib/socketserver.h"),
                               *dirs)
        self.assertEqual(status, 0, err)


if __name__ == "__main__":
    unittest.main()
