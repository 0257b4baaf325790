package dev.libsql4j.spring.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A small Spring Boot application: JPA repositories, Flyway, actuator; libSQL from libsql.* properties. */
@SpringBootApplication
public class TestApp {
}
