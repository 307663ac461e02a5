// Jest runs only the tests written for it (tests/jest); node:test runs the rest.
module.exports = { testEnvironment: "node", testMatch: ["**/tests/jest/**/*.test.cjs"] };
