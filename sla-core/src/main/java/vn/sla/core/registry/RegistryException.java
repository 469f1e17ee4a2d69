package vn.sla.core.registry;

/** A registry that breaks the contract; the message names the line and the problem. */
public class RegistryException extends RuntimeException {
  public RegistryException(String message) {
    super(message);
  }
}
