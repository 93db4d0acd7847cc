"""tools/book: refreshing excerpts, and every check failing on broken input."""
import os
import textwrap
import unittest

from sstools import book
from tests import edit, run, tree

SOURCE = """
    /*@region setup */
    	int x = f(); /*@ -> f [first] */
    	/*@ -> self.g */
    	g();
    /*@end setup */

    /* The leading comment
     * is part of the function. */
    int
    f(void)
    {
    	return ss_call(); /*@ -> ss_call */
    }
    """
BOOK = """
    # Book

    <!-- code: chapters/01-a/a.c#setup -->
    ```c
    stale
    ```
    <!-- /code -->

    <!-- code: chapters/01-a/a.c#f -->
    ```c
    ```
    <!-- /code -->

    ```sh
    <!-- code: in a plain code block: not an excerpt -->
    ```
    """
SOURCE, BOOK = textwrap.dedent(SOURCE).lstrip(), textwrap.dedent(BOOK).lstrip()
FRESH_SETUP = "```c\nint x = f();\ng();\n```"
FRESH_F = "```c\n/* The leading comment\n * is part of the function. */\nint\nf(void)\n{\n\treturn ss_call();\n}\n```"


class Refreshing(unittest.TestCase):
    def test_refresh_writes_plain_c_then_leaves_the_file_alone(self):
        with tree({"chapters/01-a/a.c": SOURCE, "book.md": BOOK}):
            status, out, _ = run(book.main, "refresh", "book.md")
            self.assertEqual((status, out), (0, "book.md: refreshed 2 of 2 excerpts\n"))
            text = open("book.md").read()
            self.assertIn(FRESH_SETUP, text)
            self.assertIn(FRESH_F, text)
            before = os.stat("book.md").st_mtime_ns
            self.assertIn("all 2 excerpts fresh, file untouched", run(book.main, "refresh", "book.md")[1])
            self.assertEqual(os.stat("book.md").st_mtime_ns, before)
            self.assertEqual(run(book.main, "check", "book.md")[0], 0)

    def test_annotated_keeps_the_annotations(self):
        with tree({"chapters/01-a/a.c": SOURCE, "book.md": BOOK.replace("a.c#f -->", "a.c#f annotated -->")}):
            run(book.main, "refresh", "book.md")
            self.assertIn("\treturn ss_call(); /*@ -> ss_call */\n}", open("book.md").read())

    def test_refresh_is_all_or_nothing(self):
        with tree({"chapters/01-a/a.c": SOURCE, "book.md": BOOK.replace("a.c#f", "a.c#nothing")}):
            status, _, err = run(book.main, "refresh", "book.md")
            self.assertEqual(status, 1)
            self.assertIn("not rewritten", err)
            self.assertIn("stale", open("book.md").read())


class Checking(unittest.TestCase):
    def problems(self, source=SOURCE, text=BOOK, extra=None):
        files = {"chapters/01-a/a.c": source, "book.md": text, **(extra or {})}
        with tree(files):
            if text is BOOK:
                run(book.main, "refresh", "book.md")
            status, _, err = run(book.main, "check", "book.md", "--out", "refreshed.md")
            self.assertTrue(os.path.exists("refreshed.md"))
            self.assertEqual(status, 1 if err else 0)
            return err

    def test_fresh(self):
        self.assertEqual(self.problems(), "")

    def test_stale_excerpt(self):
        with tree({"chapters/01-a/a.c": SOURCE, "book.md": BOOK}):
            run(book.main, "refresh", "book.md")
            edit("chapters/01-a/a.c", "g();", "h();")
            status, _, err = run(book.main, "check", "book.md")
        self.assertEqual(status, 1)
        self.assertIn("book.md:3: excerpt chapters/01-a/a.c#setup is stale (first difference at line 6)", err)

    def test_unknown_duplicated_and_ambiguous_names(self):
        self.assertIn("no region or function named 'nothing'",
                      self.problems(text=BOOK.replace("a.c#f", "a.c#nothing")))
        twice = SOURCE + "\nint\nf(void)\n{\n}\n"
        self.assertIn("function 'f' is defined 2 times", self.problems(source=twice))
        both = SOURCE.replace("region setup", "region f").replace("end setup", "end f")
        self.assertIn("'f' is both a region (line 1) and a function (line 9)",
                      self.problems(source=both, text=BOOK.replace("a.c#setup", "a.c#f")))
        self.assertIn("cannot read chapters/01-a/b.c", self.problems(text=BOOK.replace("a.c#f", "b.c#f")))

    def test_broken_regions(self):
        for source, expected in [
            (SOURCE.replace("/*@end setup */", ""), "region 'setup' is never ended"),
            (SOURCE + "/*@end other */\n", "/*@end other */ without its /*@region other */"),
            (SOURCE.replace("/*@end setup */", "/*@region setup */\n/*@end setup */\n/*@end setup */"),
             "region 'setup' is defined twice (first at line 1)"),
            (SOURCE.replace("\t/*@ -> self.g */", "/*@region inner */").replace(
                "/*@end setup */", "/*@end setup */\n/*@end inner */"), "the markers cross"),
            (SOURCE.replace("/*@region setup */", "int y; /*@region setup */"), "malformed region marker"),
        ]:
            with self.subTest(expected=expected):
                self.assertIn(expected, self.problems(source=source))

    def test_unused_region(self):
        self.assertIn("chapters/01-a/b.c:1: region 'spare' is used by no excerpt in book.md",
                      self.problems(extra={"chapters/01-a/b.c": "/*@region spare */\n/*@end spare */\n"}))

    def test_malformed_excerpts(self):
        fresh = BOOK.replace("```c\nstale\n```", FRESH_SETUP).replace("```c\n```", FRESH_F)
        self.assertEqual(self.problems(text=fresh), "")
        for old, new, expected in [
            ("<!-- /code -->\n\n<!-- code: chapters/01-a/a.c#f -->", "\n<!-- code: chapters/01-a/a.c#f -->",
             "book.md:3: <!-- code: --> without <!-- /code -->"),
            ("```\n<!-- /code -->", "<!-- /code -->", "no closing ``` before <!-- /code -->"),
            ("```\n<!-- /code -->", "```\n\n<!-- /code -->", "closing fence must be ``` alone"),
            ("a.c#f -->\n```c", "a.c#f -->\nint x;", "no ```c fence"),
            ("a.c#f -->", "a.c -->", "malformed marker: expected <!-- code: PATH#NAME -->"),
            ("# Book\n", "# Book\n<!-- /code -->\n", "book.md:2: <!-- /code --> without its <!-- code: -->"),
            ("```sh", "````sh", "code block is never closed"),
        ]:
            with self.subTest(expected=expected):
                self.assertIn(old, fresh)
                self.assertIn(expected, self.problems(text=fresh.replace(old, new, 1)))

    def test_usage(self):
        self.assertEqual(run(book.main)[0], 2)
        self.assertEqual(run(book.main, "refresh", "book.md", "--out", "x")[0], 2)
        with tree({}):
            self.assertEqual(run(book.main, "check", "missing.md")[0], 2)


RESULTS = """
    # A run

    ## Requests per second (median)

    | a | b |
    |---|---|
    | 1 | 2 |

    ## Requests per second, as a multiple

    | x |
    """
INCLUDING = """
    # Book

    <!-- include: results.md#Requests per second (median) -->
    old
    <!-- /include -->
    """


class Including(unittest.TestCase):
    def test_refresh_copies_the_section_and_check_sees_it_go_stale(self):
        with tree({"book.md": INCLUDING, "results.md": RESULTS}):
            self.assertEqual(run(book.main, "refresh", "book.md")[:2], (0, "book.md: refreshed 1 of 1 excerpts\n"))
            self.assertEqual(open("book.md").read(), textwrap.dedent(INCLUDING).lstrip().replace(
                "old\n", "\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"))
            self.assertEqual(run(book.main, "check", "book.md")[0], 0)
            edit("results.md", "| 1 | 2 |", "| 3 | 4 |")
            status, _, err = run(book.main, "check", "book.md")
        self.assertEqual(status, 1)
        self.assertIn("book.md:3: section results.md#Requests per second (median) is stale; run `make book`", err)

    def test_broken_includes(self):
        for old, new, expected in [
            ("#Requests per second (median)", "#Latency", "has 0 sections whose heading starts with 'Latency'"),
            ("#Requests per second (median)", "#Requests per second", "has 2 sections"),
            ("results.md#", "missing.md#", "cannot read missing.md"),
            ("<!-- /include -->", "", "<!-- include: --> without <!-- /include -->"),
            ("<!-- include: results.md#Requests per second (median) -->", "", "<!-- /include --> without its"),
            ("results.md#Requests", "results.md Requests", "malformed marker: expected <!-- include: PATH#HEADING"),
        ]:
            with self.subTest(expected=expected), tree({"book.md": INCLUDING.replace(old, new, 1),
                                                        "results.md": RESULTS}):
                status, _, err = run(book.main, "check", "book.md")
                self.assertEqual(status, 1)
                self.assertIn(expected, err)


if __name__ == "__main__":
    unittest.main()
