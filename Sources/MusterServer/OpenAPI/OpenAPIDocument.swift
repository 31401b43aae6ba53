import Foundation

/// The HTTP API contract, compiled into the binary from `openapi.yaml` beside this file.
public enum OpenAPIDocument {
    /// The document's bytes, as served at `/openapi.yaml`.
    public static let yaml: Data = EmbeddedFiles.all["Sources/MusterServer/OpenAPI/openapi.yaml"] ?? Data()
}
