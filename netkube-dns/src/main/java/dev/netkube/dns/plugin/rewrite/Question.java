package dev.netkube.dns.plugin.rewrite;

import java.util.Locale;
import java.util.Optional;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;

/** The question as the rules change it, one after the other (CoreDNS's rules write {@code state.Req.Question[0]}). */
final class Question {
  private String name;
  private int type;
  private int dclass;

  Question(Record question) {
    this.name = question.getName().toString();
    this.type = question.getType();
    this.dclass = question.getDClass();
  }

  /** The name in lower case with its trailing dot: what rules match ({@code state.Name()}). */
  String name() { return name.toLowerCase(Locale.ROOT); }

  void name(String newName) { this.name = newName; }

  int type() { return type; }

  void type(int newType) { this.type = newType; }

  int dclass() { return dclass; }

  void dclass(int newClass) { this.dclass = newClass; }

  /** The question record, or empty when the rewritten name is not a domain name. */
  Optional<Record> record() {
    try {
      return Optional.of(Record.newRecord(Name.fromString(name), type, dclass));
    } catch (TextParseException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  String rawName() { return name; }
}
