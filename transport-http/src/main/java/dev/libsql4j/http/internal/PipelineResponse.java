package dev.libsql4j.http.internal;

import java.util.ArrayList;
import java.util.List;

/** A parsed pipeline response, whatever its encoding. */
final class PipelineResponse {
    String baton;
    String baseUrl;
    final List<StreamResult> results = new ArrayList<>();
}
