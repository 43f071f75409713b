package io.modeldeploy.catalog;

/** A catalog file that cannot be read or is inconsistent; the operator refuses to start with it. */
public class CatalogException extends RuntimeException {
  public CatalogException(String message) { super(message); }
  public CatalogException(String message, Throwable cause) { super(message, cause); }
}
