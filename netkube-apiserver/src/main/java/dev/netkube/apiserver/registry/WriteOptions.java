package dev.netkube.apiserver.registry;

import dev.netkube.apiserver.auth.UserInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-request options of a write, from the query string; {@code warnings} collects the
 * Warning headers the response carries (for example unknown fields under fieldValidation=Warn).
 */
public final class WriteOptions {
  public enum FieldValidation { STRICT, WARN, IGNORE }

  public final boolean dryRun;
  public final String fieldManager;
  public final FieldValidation fieldValidation;
  public final boolean force;
  public final UserInfo user;
  public final List<String> warnings = new ArrayList<>();

  public WriteOptions(boolean dryRun, String fieldManager, FieldValidation fieldValidation, boolean force, UserInfo user) {
    this.dryRun = dryRun;
    this.fieldManager = fieldManager;
    this.fieldValidation = fieldValidation;
    this.force = force;
    this.user = user;
  }

  public static WriteOptions internal(String manager) {
    return new WriteOptions(false, manager, FieldValidation.IGNORE, false, null);
  }
}
