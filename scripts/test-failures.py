#!/usr/bin/python3
"""Prints the failed tests of a .trx file, last, so a CI log that keeps only its tail still names them."""
import sys
import xml.etree.ElementTree as ET

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
MAX_CHARS = 1500  # per test: enough for the assertion and the top frames, not the whole captured output

failed = [r for r in ET.parse(sys.argv[1]).getroot().iterfind(".//t:UnitTestResult", NS)
          if r.get("outcome") == "Failed"]
print(f"\n==== {len(failed)} failed test(s) ====")
for result in failed:
    print(f"\n-- {result.get('testName')} ({result.get('duration')})")
    for tag in ("Message", "StackTrace"):
        node = result.find(f".//t:ErrorInfo/t:{tag}", NS)
        if node is not None and node.text:
            print(node.text.strip()[:MAX_CHARS])
