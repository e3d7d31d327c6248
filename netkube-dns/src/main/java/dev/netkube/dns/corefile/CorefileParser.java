package dev.netkube.dns.corefile;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The Corefile's syntax, which is Caddy's (v1, as CoreDNS forked it): server blocks of one or more keys and a
 * body in braces (optional for a single block), directives with arguments and nested blocks, {@code {$ENV}} and
 * {@code {%ENV%}} substitution, {@code (name)} snippets and {@code import} of snippets and files. Groups tokens by
 * directive; what the arguments mean is each plugin's setup. Errors are Caddy's, with file and line.
 */
public final class CorefileParser {
  /** Caddy's cap on imports, which also stops cycles. */
  static final int MAX_EXPANSIONS = 1000;

  private final String file;
  private final Set<String> validDirectives;
  private final Function<String, String> env;
  private final ImportSource imports;
  private List<Token> tokens;
  private int cursor = -1;
  private boolean eof;
  private final Map<String, List<Token>> snippets = new LinkedHashMap<>();
  private int snippetExpansions;
  private int fileExpansions;

  private CorefileParser(String file, String text, Set<String> validDirectives, Function<String, String> env,
                         ImportSource imports) {
    this.file = file;
    this.tokens = new ArrayList<>(Lexer.tokens(file, text));
    this.validDirectives = validDirectives;
    this.env = env;
    this.imports = imports;
  }

  public static List<ServerBlock> parse(String file, String text, Set<String> validDirectives,
                                        Function<String, String> env, ImportSource imports) throws CorefileException {
    return new CorefileParser(file, text, validDirectives, env, imports).parseAll();
  }

  private List<ServerBlock> parseAll() throws CorefileException {
    List<ServerBlock> blocks = new ArrayList<>();
    while (next()) {
      ServerBlock block = parseOne();
      if (block != null) blocks.add(block);
    }
    return blocks;
  }

  private ServerBlock parseOne() throws CorefileException {
    List<String> keys = new ArrayList<>();
    int line = current().line();
    String blockFile = current().file();
    addresses(keys);
    Map<String, List<Token>> directives = new LinkedHashMap<>();
    if (!eof) {
      if (keys.size() == 1 && keys.get(0).startsWith("(") && keys.get(0).endsWith(")")) {
        defineSnippet(keys.get(0).substring(1, keys.get(0).length() - 1));
        return null;
      }
      blockContents(directives);
    }
    if (keys.isEmpty()) return null;
    List<Directive> list = new ArrayList<>();
    directives.forEach((name, toks) -> list.add(new Directive(name, toks)));
    return new ServerBlock(keys, list, blockFile, line);
  }

  private void addresses(List<String> keys) throws CorefileException {
    boolean expectingAnother = false;
    while (true) {
      String word = substitute(val());
      if (word.equals("import") && isNewLine()) {
        doImport();
        continue;
      }
      if (word.equals("{")) {
        if (expectingAnother) throw errf("Expected another address but had '%s' - check for extra comma", word);
        break;
      }
      if (!word.isEmpty()) {
        if (word.endsWith(",")) {
          word = word.substring(0, word.length() - 1);
          expectingAnother = true;
        } else {
          expectingAnother = false;
        }
        keys.add(word);
      }
      boolean hasNext = next();
      if (expectingAnother && !hasNext) throw err("Unexpected EOF");
      if (!hasNext) {
        eof = true;
        break;
      }
      if (!expectingAnother && isNewLine()) break;
    }
  }

  private void defineSnippet(String name) throws CorefileException {
    if (snippets.containsKey(name)) throw errf("redeclaration of previously declared snippet %s", name);
    if (!val().equals("{")) throw syntaxErr("{");
    int depth = 1;
    List<Token> body = new ArrayList<>();
    while (next()) {
      if (val().equals("}") && --depth == 0) break;
      if (val().equals("{")) depth++;
      body.add(current());
    }
    if (depth != 0) throw syntaxErr("}");
    for (int i = 0; i + 1 < body.size(); i++) {
      boolean lineStart = i == 0 || !body.get(i - 1).file().equals(body.get(i).file())
          || body.get(i - 1).lastLine() != body.get(i).line();
      if (lineStart && body.get(i).text().equals("import") && substitute(body.get(i + 1).text()).equals(name)) {
        throw errf("maximum snippet import depth (%d) exceeded", MAX_EXPANSIONS);
      }
    }
    snippets.put(name, body);
  }

  private void blockContents(Map<String, List<Token>> directives) throws CorefileException {
    boolean braced = val().equals("{");
    if (!braced) cursor--; // a single server block needs no braces
    while (next()) {
      if (val().equals("}")) break;
      if (val().equals("import")) {
        doImport();
        cursor--;
        continue;
      }
      directive(directives);
    }
    if (braced && !val().equals("}")) throw syntaxErr("}");
  }

  private void directive(Map<String, List<Token>> directives) throws CorefileException {
    String name = substitute(val());
    if (!validDirectives.contains(name)) throw errf("Unknown directive '%s'", name);
    List<Token> mine = directives.computeIfAbsent(name, n -> new ArrayList<>());
    mine.add(current().withText(name));
    int nesting = 0;
    while (next()) {
      String v = val();
      if (v.equals("{")) {
        nesting++;
      } else if (isNewLine() && nesting == 0) {
        cursor--; // read too far: the next directive
        break;
      } else if (v.equals("}") && nesting > 0) {
        nesting--;
      } else if (v.equals("}")) {
        throw err("Unexpected '}' because no matching opening brace");
      } else if (v.equals("import") && isNewLine()) {
        doImport();
        cursor--;
        continue;
      }
      mine.add(current().withText(substitute(v)));
    }
    if (nesting > 0) throw err("Unexpected EOF");
  }

  /** Replaces {@code import X} (two tokens) by the snippet's or the files' tokens; the cursor lands before them. */
  private void doImport() throws CorefileException {
    if (!nextArg()) throw argErr();
    String pattern = substitute(val());
    if (pattern.isEmpty()) throw err("Import requires a non-empty filepath");
    if (nextArg()) throw err("Import takes only one argument (glob pattern or file)");
    List<Token> imported = new ArrayList<>();
    if (snippets.containsKey(pattern)) {
      if (snippetExpansions++ >= MAX_EXPANSIONS) throw errf("maximum snippet import depth (%d) exceeded", MAX_EXPANSIONS);
      imported.addAll(snippets.get(pattern));
    } else {
      if (fileExpansions++ >= MAX_EXPANSIONS) throw errf("maximum file import depth (%d) exceeded", MAX_EXPANSIONS);
      boolean glob = pattern.contains("*") || pattern.contains("?") || pattern.contains("[");
      if (pattern.chars().filter(c -> c == '*').count() > 1 || pattern.chars().filter(c -> c == '?').count() > 1
          || (pattern.contains("[") && pattern.contains("]"))) {
        throw errf("Glob pattern may only contain one wildcard (*), but has others: %s", pattern);
      }
      List<ImportSource.ImportedFile> files;
      try {
        files = imports.resolve(current().file(), pattern);
      } catch (IOException e) {
        throw err(e.getMessage());
      }
      if (files.isEmpty() && !glob) throw errf("File to import not found: %s", pattern);
      for (ImportSource.ImportedFile f : files) imported.addAll(Lexer.tokens(f.name(), f.text()));
    }
    List<Token> spliced = new ArrayList<>(tokens.subList(0, cursor - 1));
    spliced.addAll(imported);
    spliced.addAll(tokens.subList(cursor + 1, tokens.size()));
    tokens = spliced;
    cursor--; // where "import" stood: now the first imported token
  }

  private String substitute(String s) {
    return replace(replace(s, "{%", "%}"), "{$", "}");
  }

  private String replace(String s, String start, String end) {
    int index = s.indexOf(start);
    while (index != -1) {
      int endIndex = s.indexOf(end, index);
      if (endIndex == -1 || endIndex <= index + start.length()) return s;
      String ref = s.substring(index, endIndex + end.length());
      String value = env.apply(ref.substring(start.length(), ref.length() - end.length()));
      s = s.replace(ref, value == null ? "" : value);
      index = s.indexOf(start);
    }
    return s;
  }

  private boolean next() {
    if (cursor < tokens.size() - 1) {
      cursor++;
      return true;
    }
    return false;
  }

  private boolean nextArg() {
    if (cursor < 0 || cursor >= tokens.size() - 1) return false;
    Token here = tokens.get(cursor);
    Token after = tokens.get(cursor + 1);
    if (here.file().equals(after.file()) && here.lastLine() == after.line()) {
      cursor++;
      return true;
    }
    return false;
  }

  private boolean isNewLine() {
    if (cursor <= 0) return true;
    Token prev = tokens.get(cursor - 1);
    Token cur = tokens.get(cursor);
    return !prev.file().equals(cur.file()) || prev.lastLine() < cur.line();
  }

  private Token current() {
    if (tokens.isEmpty()) return new Token("", file, 0, 0);
    return tokens.get(Math.max(0, Math.min(cursor, tokens.size() - 1)));
  }

  private String val() { return cursor < 0 || cursor >= tokens.size() ? "" : tokens.get(cursor).text(); }

  private CorefileException err(String message) {
    return CorefileException.at(current().file(), cursor < 0 ? 0 : current().line(), message);
  }

  private CorefileException errf(String format, Object... args) { return err(String.format(format, args)); }

  private CorefileException argErr() {
    if (val().equals("{")) return err("Unexpected token '{', expecting argument");
    return errf("Wrong argument count or unexpected line ending after '%s'", val());
  }

  private CorefileException syntaxErr(String expected) {
    return errf("Syntax error: Unexpected token '%s', expecting '%s'", val(), expected);
  }
}
