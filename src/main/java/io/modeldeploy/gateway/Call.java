package io.modeldeploy.gateway;

/** The OpenAI-compatible calls the gateway routes: the path under /v1, and whether the answer has output tokens. */
public enum Call {
  ChatCompletions("chat/completions", true), Completions("completions", true), Embeddings("embeddings", false);

  private final String path;
  private final boolean generates;

  Call(String path, boolean generates) {
    this.path = path;
    this.generates = generates;
  }

  public String path() { return path; }

  public boolean generates() { return generates; }
}
